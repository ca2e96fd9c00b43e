package dev.trustedcompute.hvs.flavorgroup;

/** How many of a part's flavors must match (SecL {@code match_type}). */
public enum MatchType {
    /** At least one applicable flavor of the part must pass. */
    ANY_OF,
    /** Every applicable flavor of the part must pass. */
    ALL_OF,
    /** Only the most recently created applicable flavor of the part counts, and it must pass. */
    LATEST
}

package dev.trustedcompute.hvs.flavorgroup;

/** Whether a part must have flavors (SecL {@code required}). */
public enum Requirement {
    /** The part must have an applicable flavor; otherwise the host is untrusted. */
    REQUIRED,
    /**
     * Required only when defined: when the group holds a flavor of the part (for HOST_UNIQUE and ASSET_TAG: a
     * flavor for this host's hardware UUID). Otherwise the part is NA.
     */
    REQUIRED_IF_DEFINED
}

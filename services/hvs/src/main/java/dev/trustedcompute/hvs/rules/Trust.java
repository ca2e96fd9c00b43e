package dev.trustedcompute.hvs.rules;

/** Trust of one flavor part, or of the whole host. */
public enum Trust {
    /** Every rule of the part passed for the flavors its match policy requires. */
    TRUSTED,
    /** At least one required rule failed, or a required flavor is missing. */
    UNTRUSTED,
    /** Nothing to check: the host's flavor groups define no flavor of this part and do not require one. */
    NA;

    /** The weaker of two verdicts on the same part (e.g. from two flavor groups): UNTRUSTED, then TRUSTED, then NA. */
    public Trust and(Trust other) {
        if (this == UNTRUSTED || other == UNTRUSTED) {
            return UNTRUSTED;
        }
        return this == TRUSTED || other == TRUSTED ? TRUSTED : NA;
    }
}

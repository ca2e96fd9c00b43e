package dev.trustedcompute.hvs.queue;

/** Why a host is (re-)verified. */
public enum Trigger {
    /** The host onboarded (its AK was pinned or re-pinned): ask its agent. */
    HOST_REGISTERED,
    /** Flavors of its groups, or its groups, changed: judge the last verified evidence again (ask the agent if none). */
    FLAVORS_CHANGED,
    /** Its agent pushed evidence made with a nonce HVS issued: judge that. */
    EVIDENCE_PUSHED,
    /** Its newest report expires soon, or it has none: ask its agent. */
    REFRESH;

    /** Whether a job of this trigger may use the host's stored evidence instead of asking the agent. */
    boolean reusesStoredEvidence() {
        return this == FLAVORS_CHANGED;
    }
}

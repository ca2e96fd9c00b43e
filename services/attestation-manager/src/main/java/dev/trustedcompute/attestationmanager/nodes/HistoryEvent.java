package dev.trustedcompute.attestationmanager.nodes;

/** What caused a history entry. */
public enum HistoryEvent {
    /** A verified report changed the node's status, reason or fencing. */
    REPORT,
    /** The stale check found no valid report for 2 x pollDuration. */
    STALE,
    /** Golden flavors were (re)created on request. */
    ONBOARDED
}

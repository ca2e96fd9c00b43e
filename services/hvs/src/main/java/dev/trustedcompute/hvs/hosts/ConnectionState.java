package dev.trustedcompute.hvs.hosts;

/** How HVS last got on with a host's agent. */
public enum ConnectionState {
    /** HVS has not talked to the agent yet. */
    UNKNOWN,
    /** The agent answered or pushed evidence. */
    CONNECTED,
    /** A request to the agent went unanswered (agent down, not connected to NATS, or too slow). */
    UNREACHABLE,
    /** The agent answered with an error (for example its TPM was unavailable). */
    AGENT_ERROR
}

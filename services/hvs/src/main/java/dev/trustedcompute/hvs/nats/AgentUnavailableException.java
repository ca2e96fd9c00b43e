package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.hvs.hosts.ConnectionState;

/** The agent did not answer ({@code UNREACHABLE}) or answered with an error or garbage ({@code AGENT_ERROR}). */
public final class AgentUnavailableException extends Exception {

    private final ConnectionState state;

    public AgentUnavailableException(ConnectionState state, String detail) {
        super(detail);
        this.state = state;
    }

    public ConnectionState state() {
        return state;
    }
}

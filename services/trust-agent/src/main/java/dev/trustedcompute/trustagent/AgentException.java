package dev.trustedcompute.trustagent;

/**
 * Every failure the agent reports to an operator or to HVS. The {@link Failure} decides the CLI exit code and
 * the protocol error code; the message says what went wrong and, where it helps, what to do (never a secret).
 */
public final class AgentException extends Exception {

    private final Failure failure;

    public AgentException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public AgentException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}

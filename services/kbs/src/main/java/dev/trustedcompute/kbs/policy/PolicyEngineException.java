package dev.trustedcompute.kbs.policy;

/** The policy engine could not be reached or failed while evaluating (not a verdict). */
public final class PolicyEngineException extends RuntimeException {

    public PolicyEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}

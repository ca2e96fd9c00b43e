package dev.trustedcompute.agentprotocol;

/**
 * The attestation manager's poll policy for one agent ({@code trust-agent.<hostId>.policy-update}, publish):
 * the agent pushes evidence every {@code pollDurationMinutes} from now on, without a restart.
 */
public record PolicyUpdate(int pollDurationMinutes) {
    public static final int MAX_MINUTES = 7 * 24 * 60;

    public PolicyUpdate {
        if (pollDurationMinutes < 1 || pollDurationMinutes > MAX_MINUTES) {
            throw new IllegalArgumentException("pollDurationMinutes must be 1.." + MAX_MINUTES);
        }
    }
}

package dev.trustedcompute.trustagent.state;

import dev.trustedcompute.agentprotocol.PolicyUpdate;

/**
 * The poll duration the attestation manager last set (policy-update), kept so a restarted agent keeps it.
 */
public record PolicyRecord(int pollDurationMinutes) {

    public static final String FILE = "policy.json";

    public PolicyRecord {
        if (pollDurationMinutes < 1 || pollDurationMinutes > PolicyUpdate.MAX_MINUTES) {
            throw new IllegalArgumentException("pollDurationMinutes must be 1.." + PolicyUpdate.MAX_MINUTES);
        }
    }
}

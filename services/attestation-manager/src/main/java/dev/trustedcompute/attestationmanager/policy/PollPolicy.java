package dev.trustedcompute.attestationmanager.policy;

import java.time.Duration;
import java.time.Instant;

/**
 * How often agents push evidence.
 *
 * @param pollDurationMinutes minutes between pushes (1..10080)
 * @param updatedBy           {@code config} (tc.am.poll-duration at start-up) or the API caller's token subject
 */
public record PollPolicy(int pollDurationMinutes, String updatedBy, Instant updatedAt) {

    /** A node with no valid report for this long is stale. */
    public Duration staleAfter() {
        return Duration.ofMinutes(2L * pollDurationMinutes);
    }
}

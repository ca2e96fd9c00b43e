package dev.trustedcompute.hvs.reports;

import dev.trustedcompute.hvs.nats.FetchedEvidence;

/**
 * One attestation's outcome: the report's content, and the evidence to keep as the host's last verified evidence
 * (stored with the report, in its transaction).
 *
 * @param verified the evidence if it verified; null when it was rejected (nothing to keep)
 */
public record Judgement(ReportContent content, FetchedEvidence verified) {
}

package dev.trustedcompute.hvs.reports;

import dev.trustedcompute.hvs.nats.FetchedEvidence;

/**
 * A signed report not stored yet ({@link ReportService#store}), with the evidence that verified for it.
 *
 * @param verified null when the evidence was rejected
 */
public record PreparedReport(Report report, FetchedEvidence verified) {
}

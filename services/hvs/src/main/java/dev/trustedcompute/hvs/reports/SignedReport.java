package dev.trustedcompute.hvs.reports;

import dev.trustedcompute.agentprotocol.TrustReportSummary;

/**
 * A report as issued: the compact JWS and, for storage and queries, its claims as JSON.
 */
public record SignedReport(TrustReportSummary summary, String jwt, String claimsJson) {
}

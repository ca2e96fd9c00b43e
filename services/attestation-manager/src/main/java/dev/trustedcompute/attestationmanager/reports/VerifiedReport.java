package dev.trustedcompute.attestationmanager.reports;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.TrustReportSummary;

import java.time.Instant;

/**
 * A trust report whose signature and certificate chain to the CMS root were verified and whose claims agree
 * with each other and with the subject it arrived on. Only {@link ReportVerifier} makes these.
 *
 * @param issuer    the signing certificate's subject (for logs and history)
 * @param issuedAt  {@code iat}: when HVS produced the report (orders reports of one node)
 * @param expiresAt {@code exp}
 */
public record VerifiedReport(String reportId, HostId hostId, String issuer, Instant issuedAt, Instant expiresAt,
                             TrustReportSummary summary) {
}

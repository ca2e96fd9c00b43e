package dev.trustedcompute.attestationmanager.reports;

/**
 * One message of the report stream as received, before anything in it is trusted.
 *
 * @param subject   {@code hvs.reports.<hostId>} (with the deployment's prefix)
 * @param messageId the {@code Nats-Msg-Id} header (HVS sets it to the report id), or null when absent
 * @param body      the compact JWS bytes
 */
public record ReportEvent(String subject, String messageId, byte[] body) {
}

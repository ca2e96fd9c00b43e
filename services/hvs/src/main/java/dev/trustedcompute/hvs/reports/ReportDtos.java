package dev.trustedcompute.hvs.reports;

import dev.trustedcompute.agentprotocol.ProtocolException;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.TrustReportSummary;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Wire shapes of trust reports. */
public final class ReportDtos {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReportDtos() {
    }

    @Schema(name = "ReportCreate", description = "The host to attest now, named by exactly one of the fields")
    public record ReportCreate(@Schema(description = "HVS's id of the host") UUID hostUuid,
                               @Schema(description = "The agent's NATS host id") String hostId,
                               String hostName) {
    }

    @Schema(name = "Report", description = "A trust report: the signed JWT's claims; GET /reports/{id}/jwt gives the JWT")
    public record ReportView(UUID id,
                             @Schema(description = "HVS's id of the host") UUID hostUuid,
                             @Schema(description = "The host's NATS host id (JWT sub)") String hostId,
                             Instant createdAt, Instant expiresAt, boolean trusted,
                             @Schema(description = "The JWT's trust_report claim") TrustReportSummary trustReport,
                             @Schema(description = "The JWT's hvs_report claim: host_uuid, matched_flavor_ids, quirks, tpm_reset_count")
                             Map<String, Object> details) {

        public static ReportView of(Report report) {
            JsonNode claims = JSON.readTree(report.claimsJson());
            TrustReportSummary summary;
            try {
                summary = ProtocolJson.decode(JSON.writeValueAsBytes(claims.get(TrustReportSummary.CLAIM)),
                        TrustReportSummary.class);
            } catch (ProtocolException e) {
                throw new IllegalStateException("stored report " + report.id() + " has an unreadable summary", e);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> details = JSON.convertValue(claims.get(ReportSigner.DETAILS_CLAIM), Map.class);
            return new ReportView(report.id(), report.hostId(), claims.get("sub").asString(), report.createdAt(),
                    report.expiresAt(), report.trusted(), summary, details);
        }
    }

    @Schema(name = "ReportPage")
    public record ReportPage(List<ReportView> reports,
                             @Schema(description = "afterId for the next page; null on the last page") UUID nextAfterId) {
    }
}

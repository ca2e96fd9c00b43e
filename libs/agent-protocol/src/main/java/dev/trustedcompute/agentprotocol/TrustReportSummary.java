package dev.trustedcompute.agentprotocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What consumers of {@code hvs.reports.<hostId>} decide on. The event's body is HVS's signed trust report, a
 * compact JWS ({@code x5c} chain to the CMS root; ES256 with a P-256 key, or ES384 with a P-384 key HVS made before:
 * accept the algorithm only with a key on its curve); this record is its {@value #CLAIM} claim. Verify the
 * signature and chain before reading it. The JWT's {@code jti} is the report id (also the message's
 * {@code Nats-Msg-Id}), {@code sub} the host id, {@code iat}/{@code exp} its validity.
 *
 * @param trust             per flavor part ({@code PLATFORM}, {@code OS}, {@code HOST_UNIQUE}, {@code SOFTWARE},
 *                          {@code ASSET_TAG}) and {@code OVERALL}: {@code TRUSTED}, {@code UNTRUSTED} or {@code NA}
 * @param faults            every failed rule; empty when trusted
 * @param secureBootEnabled Secure Boot state from the verified event log (null when it could not be determined)
 * @param goldenFromReboot  true when golden values were taken from this boot by the flavor group's explicit
 *                          golden-after-reboot option
 */
public record TrustReportSummary(String reportId, String hostId, String hostName, String hardwareUuid,
                                 boolean trusted, Map<String, String> trust, List<Fault> faults,
                                 Boolean secureBootEnabled, DiskEncryption diskEncryption,
                                 boolean goldenFromReboot, Instant createdAt, Instant expiresAt) {
    /** Name of the JWT claim that carries this summary. */
    public static final String CLAIM = "trust_report";

    public TrustReportSummary {
        Fields.required("reportId", reportId);
        HostId.of(Fields.required("hostId", hostId));
        trust = Map.copyOf(Fields.required("trust", trust));
        faults = List.copyOf(Fields.required("faults", faults));
        Fields.required("createdAt", createdAt);
        Fields.required("expiresAt", expiresAt);
    }

    /**
     * One failed rule.
     *
     * @param rule        the rule's name, e.g. {@code PcrMatchesConstant}, {@code EventLogIntegrity}
     * @param part        the flavor part it belongs to, or null for host-wide rules (AK, nonce)
     * @param description what failed, e.g. "PCR 7 (sha256) is 1f.. but the flavor expects 3a.."
     */
    public record Fault(String rule, String part, String description) {
        public Fault {
            Fields.required("fault.rule", rule);
            Fields.required("fault.description", description);
        }
    }
}

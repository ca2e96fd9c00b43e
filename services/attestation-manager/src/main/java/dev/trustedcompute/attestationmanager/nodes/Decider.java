package dev.trustedcompute.attestationmanager.nodes;

import dev.trustedcompute.agentprotocol.TrustReportSummary;
import dev.trustedcompute.agentprotocol.TrustReportSummary.Fault;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pass/fail rules, in precedence order: Secure Boot disabled; untrusted (any fault, OVERALL not TRUSTED);
 * root file system not encrypted (when required); Secure Boot state unknown; else verified. Pure.
 */
public final class Decider {
    private static final int MAX_FAULTS_IN_DETAIL = 5;

    private final boolean requireDiskEncryption;

    public Decider(boolean requireDiskEncryption) {
        this.requireDiskEncryption = requireDiskEncryption;
    }

    public Decision decide(TrustReportSummary report) {
        List<Fault> faults = report.faults();
        if (Boolean.FALSE.equals(report.secureBootEnabled())) {
            return new Decision(NodeStatus.SECURE_BOOT_DISABLED, Reason.SECURE_BOOT_DISABLED,
                    "the verified event log shows Secure Boot disabled", faults);
        }
        if (!trusted(report)) {
            return new Decision(NodeStatus.ATTESTATION_FAILED, Reason.UNTRUSTED, untrustedDetail(report), faults);
        }
        if (requireDiskEncryption && (report.diskEncryption() == null || !report.diskEncryption().rootEncrypted())) {
            return new Decision(NodeStatus.ATTESTATION_FAILED, Reason.DISK_NOT_ENCRYPTED, report.diskEncryption() == null
                    ? "the agent reported no disk encryption state" : "the root file system is not encrypted", faults);
        }
        if (report.secureBootEnabled() == null) {
            return new Decision(NodeStatus.ATTESTATION_FAILED, Reason.SECURE_BOOT_UNKNOWN,
                    "the report does not say whether Secure Boot is enabled", faults);
        }
        return new Decision(NodeStatus.VERIFIED, null, null, faults);
    }

    /** {@code trusted}, no faults, and an OVERALL entry (when present) that agrees. */
    private static boolean trusted(TrustReportSummary report) {
        String overall = report.trust().get("OVERALL");
        return report.trusted() && report.faults().isEmpty() && (overall == null || overall.equals("TRUSTED"));
    }

    private static String untrustedDetail(TrustReportSummary report) {
        Map<String, String> parts = new TreeMap<>(report.trust());
        String untrusted = parts.entrySet().stream().filter(e -> e.getValue().equals("UNTRUSTED"))
                .map(Map.Entry::getKey).collect(Collectors.joining(", "));
        String faults = report.faults().stream().limit(MAX_FAULTS_IN_DETAIL)
                .map(f -> f.rule() + (f.part() == null ? "" : " (" + f.part() + ")") + ": " + f.description())
                .collect(Collectors.joining("; "));
        int more = report.faults().size() - MAX_FAULTS_IN_DETAIL;
        return "untrusted" + (untrusted.isEmpty() ? "" : " parts: " + untrusted)
                + (faults.isEmpty() ? "" : "; faults: " + faults) + (more > 0 ? " (+" + more + " more)" : "");
    }
}

package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.snp.SnpPolicy;
import dev.trustedcompute.tpmquote.snp.TcbLevels;
import dev.trustedcompute.tpmquote.snp.VerifiedSnpReport;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flat claims in Trustee's shape, so its default policies read them unchanged; nested objects are joined with
 * dots ({@code tpm.pcr11}).
 * <ul>
 * <li>az-snp-vtpm ({@code parse_tee_evidence_az}): every SNP value is a <b>string</b> as Rust's
 *     {@code format!} prints it ({@code "true"}, {@code "1"}), {@code measurement} is standard base64.</li>
 * <li>az-tdx-vtpm: the TDX quote claims ({@code VerifiedTdxQuote.claims()}).</li>
 * <li>both ({@code extend_claim}): {@code tpm.pcr00..pcr23} lower-case hex; {@code report_data} = the vTPM
 *     quote's nonce (hex); {@code init_data} = PCR8 (hex), replacing the hardware values of those names.</li>
 * </ul>
 */
final class AzureClaims {

    private static final HexFormat HEX = HexFormat.of();
    private static final int INIT_DATA_PCR = 8;

    private AzureClaims() {
    }

    static Map<String, Object> snp(VerifiedSnpReport report, QuotedPcrs pcrs) {
        Map<String, Object> c = new LinkedHashMap<>();
        SnpPolicy policy = report.policy();
        c.put("policy_abi_major", String.valueOf(policy.abiMajor()));
        c.put("policy_abi_minor", String.valueOf(policy.abiMinor()));
        c.put("policy_smt_allowed", String.valueOf(policy.smtAllowed()));
        c.put("policy_migrate_ma", String.valueOf(policy.migrateMa()));
        c.put("policy_debug_allowed", String.valueOf(policy.debugAllowed()));
        c.put("policy_single_socket", String.valueOf(policy.singleSocket()));
        TcbLevels tcb = report.reportedTcb();
        c.put("reported_tcb_bootloader", String.valueOf(tcb.bootloader()));
        c.put("reported_tcb_tee", String.valueOf(tcb.tee()));
        c.put("reported_tcb_snp", String.valueOf(tcb.snp()));
        c.put("reported_tcb_microcode", String.valueOf(tcb.microcode()));
        c.put("platform_tsme_enabled", String.valueOf(report.platformInfo().tsmeEnabled()));
        c.put("platform_smt_enabled", String.valueOf(report.platformInfo().smtEnabled()));
        c.put("measurement", Base64.getEncoder().encodeToString(report.measurement()));
        c.put("report_data", Base64.getEncoder().encodeToString(report.reportData()));
        c.put("init_data", Base64.getEncoder().encodeToString(report.hostData()));
        return withTpm(c, pcrs);
    }

    static Map<String, Object> tdx(Map<String, Object> tdxClaims, QuotedPcrs pcrs) {
        return withTpm(new LinkedHashMap<>(tdxClaims), pcrs);
    }

    private static Map<String, Object> withTpm(Map<String, Object> c, QuotedPcrs pcrs) {
        for (int index : pcrs.indices(TpmHash.SHA256)) {
            c.put(String.format("tpm.pcr%02d", index), HEX.formatHex(pcrs.value(TpmHash.SHA256, index).orElseThrow()));
        }
        pcrs.value(TpmHash.SHA256, INIT_DATA_PCR).ifPresent(pcr8 -> c.put("init_data", HEX.formatHex(pcr8)));
        c.put("report_data", HEX.formatHex(pcrs.quote().extraData()));
        return Collections.unmodifiableMap(c);
    }
}

package dev.trustedcompute.kbs.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Policy inputs shaped as KBS builds them: annotated evidence per TEE, and EAR claims. */
final class PolicyInputs {

    static final String PCR11 = "aa".repeat(32);
    static final String AK = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA";

    private PolicyInputs() {
    }

    static Map<String, Object> tpmEvidence(String pcr11, String akPublic) {
        return annotated("tpm", Map.of("pcr11", pcr11, "ak_public", akPublic, "pcr00", "00".repeat(32)));
    }

    static final String MR_TD = "70".repeat(48);
    static final String RTMR = "55".repeat(48);
    static final String XFAM = "e742060000000000";

    /**
     * TDX claims as libs/tpm-quote names them; {@code tcbStatus} and {@code collateralExpired} are present only
     * when the quote was verified with collateral.
     */
    static Map<String, Object> tdxEvidence(String tcbStatus, String collateralExpired) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("quote", Map.of(
                "header", Map.of("tee_type", "81000000", "vendor_id", "939a7233f79c4ca9940a0db3957f0607"),
                "body", Map.of("mr_td", MR_TD, "rtmr_1", RTMR, "rtmr_2", RTMR, "xfam", XFAM)));
        claims.put("td_attributes", Map.of("debug", false));
        if (tcbStatus != null) {
            claims.put("tcb_status", tcbStatus);
            claims.put("collateral_expiration_status", collateralExpired);
        }
        return annotated("tdx", claims);
    }

    /** Trustee's sample verifier claims. */
    static Map<String, Object> sampleEvidence(boolean debug) {
        return annotated("sample", Map.of("svn", "1", "launch_digest", "abcde",
                "platform_version", Map.of("major", 1L, "minor", 4L), "debug", debug, "report_data", "AAAA"));
    }

    static Map<String, Object> annotated(String tee, Map<String, Object> claims) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(tee, claims);
        input.put("report_data", "00");
        input.put("runtime_data_claims", Map.of("nonce", "n", "tee-pubkey", Map.of("kty", "EC")));
        return input;
    }

    static Map<String, List<String>> sampleReferenceValues() {
        return Map.of("launch_digest", List.of("abcde"), "svn", List.of("1"), "major_version", List.of("1"),
                "minimum_minor_version", List.of("1"));
    }

    static Map<String, Object> earClaims(String status, Map<String, Object> annotated) {
        return Map.of("submods", Map.of("cpu0", Map.of("ear.status", status,
                "ear.veraison.annotated-evidence", annotated)));
    }

    static Map<String, Object> resourceData() {
        return Map.of("plugin", "resource", "resource-path", List.of("default", "key", "one"), "query", Map.of());
    }

    static Policy builtIn(PolicyKind kind, String extension) {
        String resource = "/policies/" + kind.slug() + "-default." + extension;
        try (InputStream in = PolicyInputs.class.getResourceAsStream(resource)) {
            return new Policy(kind, kind == PolicyKind.RESOURCE ? Policies.RESOURCE_POLICY_ID : "default_cpu",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

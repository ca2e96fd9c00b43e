package dev.trustedcompute.kbs.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.kbs.KbsProperties;
import dev.trustedcompute.kbs.ear.EarStatus;
import dev.trustedcompute.kbs.ear.TrustClaim;
import dev.trustedcompute.kbs.ear.TrustVector;
import dev.trustedcompute.kbs.policy.CelPolicyEngine;
import dev.trustedcompute.kbs.policy.Policy;
import dev.trustedcompute.kbs.policy.PolicyKind;
import dev.trustedcompute.kbs.policy.ReferenceValueNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in CEL attestation policy on the claims libs/tpm-quote really produces for captured evidence (claim
 * names and types as verified, not as written by hand): reference values equal to the evidence's own measurements
 * make it affirming, one value off drops the claim it feeds. TDX is genuine only with current collateral.
 */
class DefaultAttestationPolicyTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Clock CAPTURE_TIME = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    private final JsonMapper json = JsonMapper.builder().build();
    private final EvidenceVerification verification = new EvidenceVerification(CAPTURE_TIME, json,
            new TrustedAks(names -> Map.of()), new TdxCollateralStore(new KbsProperties(null, false, null, null, null,
            null, null, null, null)));
    private final CelPolicyEngine engine = new CelPolicyEngine();
    private final Policy policy = new Policy(PolicyKind.ATTESTATION, "default_cpu", text("/policies/attestation-default.cel"));

    @Test
    void appraiseWhenSnpMeasurementAndTcbRegisteredThenAffirming() {
        Map<String, Object> annotated = snp();

        TrustVector vector = appraise(annotated, Map.of(
                "snp_launch_measurement", List.of("a1f3930413247bb38cfc171579ea3c12d5fe4901f0c792f63fd75d98f1ef827c2350"
                        + "0644e0e692e6be917f9050d3d38c"),
                "snp_bootloader", List.of("3"), "snp_microcode", List.of("115"), "snp_snp_svn", List.of("8"),
                "snp_tee_svn", List.of("0")));

        assertThat(vector.status()).isEqualTo(EarStatus.AFFIRMING);
        assertThat(vector.value(TrustClaim.EXECUTABLES)).isEqualTo(3);
        assertThat(vector.value(TrustClaim.HARDWARE)).isEqualTo(2);
        assertThat(vector.value(TrustClaim.CONFIGURATION)).isEqualTo(2);
    }

    @Test
    void appraiseWhenSnpMicrocodeBelowRegisteredThenHardwareUnrecognized() {
        TrustVector vector = appraise(snp(), Map.of("snp_bootloader", List.of("3"), "snp_microcode", List.of("116"),
                "snp_snp_svn", List.of("8"), "snp_tee_svn", List.of("0")));

        assertThat(vector.value(TrustClaim.HARDWARE)).isEqualTo(97);
        assertThat(vector.status()).isEqualTo(EarStatus.CONTRAINDICATED);
    }

    @Test
    void appraiseWhenAzureSnpPcr11AndTcbRegisteredThenAffirming() {
        Map<String, Object> annotated = azureSnp();
        @SuppressWarnings("unchecked")
        String pcr11 = (String) ((Map<String, Object>) ((Map<String, Object>) annotated.get("az-snp-vtpm")).get("tpm"))
                .get("pcr11");

        TrustVector vector = appraise(annotated, Map.of("snp_pcr11", List.of(pcr11), "snp_bootloader", List.of("4"),
                "snp_microcode", List.of("219"), "snp_snp_svn", List.of("24"), "snp_tee_svn", List.of("0")));

        assertThat(vector.status()).isEqualTo(EarStatus.AFFIRMING);
        assertThat(vector.value(TrustClaim.EXECUTABLES)).isEqualTo(3);
    }

    @Test
    void appraiseWhenAzureSnpPcr11UnknownThenExecutablesUnrecognized() {
        TrustVector vector = appraise(azureSnp(), Map.of("snp_pcr11", List.of("ff".repeat(32)),
                "snp_bootloader", List.of("4"), "snp_microcode", List.of("219"), "snp_snp_svn", List.of("24"),
                "snp_tee_svn", List.of("0")));

        assertThat(vector.value(TrustClaim.EXECUTABLES)).isEqualTo(33);
        assertThat(vector.status()).isEqualTo(EarStatus.WARNING);
    }

    @Test
    void appraiseWhenTdxWithoutCollateralThenNotGenuineEvenWithEveryMeasurementRegistered() {
        byte[] quote = resource("evidence/tdx/tdx_quote_4.dat");
        VerifiedEvidence evidence = verification.verify("tdx", ("{\"cc_eventlog\":null,\"quote\":\""
                + Base64.getEncoder().encodeToString(quote) + "\"}").getBytes(StandardCharsets.UTF_8), HEX.parseHex(
                "7c71fe2c86eff65a7cf8dbc22b3275689fd0464a267baced1bf94fc1324656aeb755da3d44d098c0c87382f3a5f85b45c8a"
                        + "28fee1d3bdb38342bf96671501429"));

        TrustVector vector = appraise(evidence.annotated(Map.of()), Map.of(
                "rtmr_1", List.of("559cfcf42716ed6c40a48a73d5acb7da255435012f0a9f00fbe8c1c57612ede486a5684c4c9ff3ddf5"
                        + "2315fcdca3a596"),
                "rtmr_2", List.of("00".repeat(48)),
                "mr_td", List.of("705ee9381b8633a9fbe532b52345e8433343d2868959f57889d84ca377c395b689cac1599ccea1b7d42"
                        + "0483a9ce5f031"),
                "xfam", List.of("e742060000000000")));

        assertThat(vector.value(TrustClaim.EXECUTABLES)).isEqualTo(3);
        assertThat(vector.value(TrustClaim.HARDWARE)).as("no TCB status without collateral").isEqualTo(97);
        assertThat(vector.value(TrustClaim.CONFIGURATION)).as("a debug TD").isEqualTo(36);
    }

    private TrustVector appraise(Map<String, Object> annotated, Map<String, List<String>> registered) {
        Map<String, List<String>> values = new HashMap<>();
        ReferenceValueNames.in(policy.text()).forEach(name -> values.put(name, List.of()));
        values.putAll(registered);
        return engine.appraise(policy, annotated, values);
    }

    private Map<String, Object> snp() {
        return verification.verify("snp", resource("evidence/snp/evidence.json"),
                HEX.parseHex("ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed08c14400ad7e2")).annotated(Map.of());
    }

    private Map<String, Object> azureSnp() {
        return verification.verify("az-snp-vtpm", resource("evidence/az-snp-vtpm/evidence-v2.json"), HEX.parseHex(
                "982f5c6e45df0ed3f10b6f60b02f0c8390e281300f3805e2279c16168cd6ae9aa398f647caa2338748cd0fd9f5f819ef"))
                .annotated(Map.of());
    }

    private static String text(String resource) {
        return new String(resource(resource.substring(1)), StandardCharsets.UTF_8);
    }

    private static byte[] resource(String path) {
        try (InputStream in = DefaultAttestationPolicyTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

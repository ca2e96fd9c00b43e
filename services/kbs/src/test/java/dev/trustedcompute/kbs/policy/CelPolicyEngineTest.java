package dev.trustedcompute.kbs.policy;

import static dev.trustedcompute.kbs.policy.PolicyInputs.AK;
import static dev.trustedcompute.kbs.policy.PolicyInputs.PCR11;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.kbs.ear.EarStatus;
import dev.trustedcompute.kbs.ear.TrustClaim;
import dev.trustedcompute.kbs.ear.TrustVector;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The built-in CEL policies, evaluated on inputs shaped as KBS builds them. */
class CelPolicyEngineTest {

    private final CelPolicyEngine engine = new CelPolicyEngine();
    private final Policy attestation = PolicyInputs.builtIn(PolicyKind.ATTESTATION, "cel");
    private final Policy resource = PolicyInputs.builtIn(PolicyKind.RESOURCE, "cel");

    static Stream<Arguments> tpmMatrix() {
        return Stream.of(
                Arguments.of("pcr11 and AK registered", List.of(PCR11), List.of(AK), EarStatus.AFFIRMING, 3, 2),
                Arguments.of("pcr11 unknown", List.of("bb".repeat(32)), List.of(AK), EarStatus.WARNING, 33, 2),
                Arguments.of("AK not trusted", List.of(PCR11), List.of(), EarStatus.CONTRAINDICATED, 3, 97),
                Arguments.of("no reference values", List.of(), List.of(), EarStatus.CONTRAINDICATED, 33, 97));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tpmMatrix")
    void appraiseWhenTpmEvidenceThenVectorFollowsReferenceValues(String name, List<String> pcr11, List<String> aks,
                                                                 EarStatus status, int executables, int hardware) {
        TrustVector vector = engine.appraise(attestation, PolicyInputs.tpmEvidence(PCR11, AK),
                Map.of("tpm_pcr11", pcr11, "trusted_aks", aks, "launch_digest", List.of(), "svn", List.of(),
                        "major_version", List.of(), "minimum_minor_version", List.of()));

        assertThat(vector.status()).isEqualTo(status);
        assertThat(vector.value(TrustClaim.EXECUTABLES)).isEqualTo(executables);
        assertThat(vector.value(TrustClaim.HARDWARE)).isEqualTo(hardware);
    }

    @Test
    void appraiseWhenSampleWithReferenceValuesThenAffirming() {
        TrustVector vector = engine.appraise(attestation, PolicyInputs.sampleEvidence(false),
                withEmpty(PolicyInputs.sampleReferenceValues()));

        assertThat(vector.status()).isEqualTo(EarStatus.AFFIRMING);
        assertThat(vector.toJson()).containsEntry("executables", 3).containsEntry("hardware", 2)
                .containsEntry("configuration", 2).containsEntry("instance-identity", 0).hasSize(8);
    }

    @Test
    void appraiseWhenSampleMinorVersionBelowMinimumThenHardwareUnrecognized() {
        Map<String, List<String>> values = new java.util.HashMap<>(withEmpty(PolicyInputs.sampleReferenceValues()));
        values.put("minimum_minor_version", List.of("5"));

        TrustVector vector = engine.appraise(attestation, PolicyInputs.sampleEvidence(false), values);

        assertThat(vector.value(TrustClaim.HARDWARE)).isEqualTo(97);
        assertThat(vector.status()).isEqualTo(EarStatus.CONTRAINDICATED);
    }

    static Stream<Arguments> tdxHardware() {
        return Stream.of(
                Arguments.of("UpToDate, current collateral", "UpToDate", "0", 2),
                Arguments.of("collateral expired", "UpToDate", "1", 97),
                Arguments.of("OutOfDate", "OutOfDate", "0", 97),
                Arguments.of("no collateral: no status", null, null, 97));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tdxHardware")
    void appraiseWhenTdxThenGenuineOnlyUpToDateWithCurrentCollateral(String name, String tcbStatus, String expired,
                                                                    int hardware) {
        TrustVector vector = engine.appraise(attestation, PolicyInputs.tdxEvidence(tcbStatus, expired),
                withEmpty(Map.of("mr_td", List.of(PolicyInputs.MR_TD), "rtmr_1", List.of(PolicyInputs.RTMR),
                        "rtmr_2", List.of(PolicyInputs.RTMR), "xfam", List.of(PolicyInputs.XFAM))));

        assertThat(vector.value(TrustClaim.HARDWARE)).isEqualTo(hardware);
        assertThat(vector.value(TrustClaim.EXECUTABLES)).isEqualTo(3);
        assertThat(vector.value(TrustClaim.CONFIGURATION)).isEqualTo(2);
    }

    @Test
    void appraiseWhenUnknownTeeThenContraindicated() {
        TrustVector vector = engine.appraise(attestation, PolicyInputs.annotated("cca", Map.of()),
                withEmpty(Map.of()));

        assertThat(vector.status()).isEqualTo(EarStatus.CONTRAINDICATED);
    }

    @Test
    void allowsWhenAffirmingTpmThenAllowed() {
        assertThat(engine.allows(resource, PolicyInputs.earClaims("affirming", PolicyInputs.tpmEvidence(PCR11, AK)),
                PolicyInputs.resourceData())).isTrue();
    }

    @Test
    void allowsWhenSampleTeeThenDeniedEvenIfAffirming() {
        assertThat(engine.allows(resource, PolicyInputs.earClaims("affirming", PolicyInputs.sampleEvidence(false)),
                PolicyInputs.resourceData())).isFalse();
    }

    @Test
    void allowsWhenWarningOrOtherPluginThenDenied() {
        assertThat(engine.allows(resource, PolicyInputs.earClaims("warning", PolicyInputs.tpmEvidence(PCR11, AK)),
                PolicyInputs.resourceData())).isFalse();
        assertThat(engine.allows(resource, PolicyInputs.earClaims("affirming", PolicyInputs.tpmEvidence(PCR11, AK)),
                Map.of("plugin", "nebula_ca", "resource-path", List.of(), "query", Map.of()))).isFalse();
    }

    @Test
    void installWhenPolicyDoesNotCompileOrHasWrongTypeThenInvalid() {
        assertThatThrownBy(() -> engine.install(new Policy(PolicyKind.RESOURCE, "p", "input.submods ==")))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("does not compile");
        assertThatThrownBy(() -> engine.install(new Policy(PolicyKind.RESOURCE, "p", "\"yes\"")))
                .isInstanceOf(InvalidPolicyException.class);
        assertThatThrownBy(() -> engine.install(new Policy(PolicyKind.ATTESTATION, "p", "true")))
                .isInstanceOf(InvalidPolicyException.class);
    }

    @Test
    void appraiseWhenPolicySetsUnknownClaimOrOutOfRangeThenInvalid() {
        assertThatThrownBy(() -> engine.appraise(new Policy(PolicyKind.ATTESTATION, "p", "{\"bogus\": 2}"),
                Map.of(), Map.of())).isInstanceOf(InvalidPolicyException.class).hasMessageContaining("bogus");
        assertThatThrownBy(() -> engine.appraise(new Policy(PolicyKind.ATTESTATION, "p", "{\"hardware\": 300}"),
                Map.of(), Map.of())).isInstanceOf(InvalidPolicyException.class).hasMessageContaining("-128..127");
    }

    @Test
    void allowsWhenPolicyReadsMissingClaimThenFailsAsInvalidNotAllowed() {
        Policy strict = new Policy(PolicyKind.RESOURCE, "p", "input.missing.claim == 1");

        assertThatThrownBy(() -> engine.allows(strict, Map.of(), Map.of())).isInstanceOf(InvalidPolicyException.class);
    }

    @Test
    void referenceValueNamesWhenDefaultPoliciesThenSameNamesInBothLanguages() {
        Policy rego = PolicyInputs.builtIn(PolicyKind.ATTESTATION, "rego");

        assertThat(ReferenceValueNames.in(attestation.text()))
                .containsExactlyInAnyOrder("tpm_pcr11", "trusted_aks", "launch_digest", "svn", "major_version",
                        "minimum_minor_version", "snp_launch_measurement", "snp_bootloader", "snp_microcode",
                        "snp_snp_svn", "snp_tee_svn", "rtmr_1", "rtmr_2", "mr_td", "xfam", "snp_pcr11", "tdx_pcr11")
                .isEqualTo(ReferenceValueNames.in(rego.text()));
    }

    private Map<String, List<String>> withEmpty(Map<String, List<String>> values) {
        Map<String, List<String>> all = new java.util.HashMap<>();
        ReferenceValueNames.in(attestation.text()).forEach(n -> all.put(n, List.of()));
        all.putAll(values);
        return all;
    }
}

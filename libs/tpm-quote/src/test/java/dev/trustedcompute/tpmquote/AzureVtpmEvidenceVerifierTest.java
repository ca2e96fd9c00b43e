package dev.trustedcompute.tpmquote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.azure.TrusteeAzureEvidence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Azure vTPM evidence through the unified API: Trustee claim keys, report-data placement, typed claims. */
class AzureVtpmEvidenceVerifierTest {

    private static final String DIR = "evidence/D_azure_vtpm/trustee/az-snp-vtpm/";
    private static final String TDX_DIR = "evidence/D_azure_vtpm/trustee/az-tdx-vtpm/";
    private static final Instant PINNED = Instant.parse("2025-06-01T00:00:00Z");
    /** The runtime-data digest Trustee's test put into evidence v2 (a SHA-384, so 48 bytes). */
    private static final byte[] V2_DIGEST = TestEvidence.hex(
            "982f5c6e45df0ed3f10b6f60b02f0c8390e281300f3805e2279c16168cd6ae9aa398f647caa2338748cd0fd9f5f819ef");

    private static AzSnpVtpmEvidence evidence(String file) throws EvidenceFormatException {
        return TrusteeAzureEvidence.parseSnp(TestEvidence.bytes(DIR + file));
    }

    @Test
    void verifyWhenTrusteeRuntimeDataDigestThenFlatClaimsUseTrusteeKeys() throws Exception {
        JsonNode expected = TestEvidence.json(DIR + "EXPECTED.json").get("samples").get("evidence-v2.json");

        VerifiedClaims claims = EvidenceVerifiers.verify(evidence("evidence-v2.json"), Expectations.at(PINNED)
                .reportData(ExpectedReportData.trusteeRuntimeData(V2_DIGEST)).build());

        assertThat(claims.tee()).isEqualTo(Tee.AZ_SNP_VTPM);
        assertThat(claims.typed()).isInstanceOf(TeeClaims.AzureVtpm.class);
        JsonNode pcrs = expected.get("tpm_quote").get("pcrs");
        assertThat(claims.flat())
                .containsEntry("az-snp-vtpm.tpm.pcr00", pcrs.get("0").asString())
                .containsEntry("az-snp-vtpm.tpm.pcr11", pcrs.get("11").asString())
                .containsEntry("az-snp-vtpm.reported_tcb_snp", "24")
                .containsEntry("az-snp-vtpm.policy_smt_allowed", "true")
                .containsEntry("report_data", expected.get("tpm_quote").get("nonce_hex").asString())
                .containsEntry("init_data", pcrs.get("8").asString())
                .doesNotContainKeys("az-snp-vtpm.report_data", "az-snp-vtpm.init_data");
        @SuppressWarnings("unchecked")
        Map<String, Object> tpm = (Map<String, Object>) ((Map<String, Object>) claims.nested().get("az-snp-vtpm"))
                .get("tpm");
        assertThat(tpm).hasSize(24);
        assertThat(claims.uncheckedItems()).contains("init_data: no expected digest given");
    }

    @Test
    void verifyWhenRuntimeDataDigestDiffersThenNonceMismatch() throws Exception {
        Expectations other = Expectations.at(PINNED)
                .reportData(ExpectedReportData.trusteeRuntimeData(TestEvidence.flip(V2_DIGEST, 47))).build();

        assertThatThrownBy(() -> EvidenceVerifiers.verify(evidence("evidence-v2.json"), other))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NONCE_MISMATCH));
    }

    @Test
    void verifyWhenExactNonceThenLegacyEvidenceVerifies() throws Exception {
        VerifiedClaims claims = EvidenceVerifiers.verify(evidence("evidence-v0.json"), Expectations.at(PINNED)
                .reportData(ExpectedReportData.exactly("challenge".getBytes(StandardCharsets.US_ASCII))).build());

        assertThat(claims.flat()).containsEntry("report_data", "6368616c6c656e6765");
        assertThat(((TeeClaims.AzureVtpm) claims.typed()).vtpm().evidenceVersion()).isZero();
    }

    @Test
    void verifyWhenInitDataDigestNotSha256ThenInitDataMismatch() throws Exception {
        Expectations sha384 = Expectations.at(PINNED)
                .reportData(ExpectedReportData.exactly("challenge".getBytes(StandardCharsets.US_ASCII)))
                .initDataDigest(new byte[48]).build();

        assertThatThrownBy(() -> EvidenceVerifiers.verify(evidence("evidence-v1.json"), sha384))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INIT_DATA_MISMATCH));
    }

    @Test
    void verifyWhenEvidenceOfAnotherTeeThenIllegalArgument() throws Exception {
        AzSnpVtpmEvidence snp = evidence("evidence-v1.json");

        assertThatThrownBy(() -> EvidenceVerifiers.forTee(Tee.AZ_TDX_VTPM).verify(snp, Expectations.at(PINNED)
                .reportData(ExpectedReportData.notChecked("test")).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("az-tdx-vtpm");
    }

    @Test
    void verifyWhenAzureTdxWithoutCollateralByChoiceThenTdxClaimsUnderTeeName() throws Exception {
        AzTdxVtpmEvidence tdx = TrusteeAzureEvidence.parseTdx(TestEvidence.bytes(TDX_DIR + "evidence-v1.json"));

        VerifiedClaims claims = EvidenceVerifiers.verify(tdx, Expectations.at(PINNED)
                .reportData(ExpectedReportData.exactly("challenge".getBytes(StandardCharsets.US_ASCII)))
                .withoutTdxCollateral("no PCS collateral for FMSPC 00806f050000 in the test set").build());

        assertThat(claims.tee()).isEqualTo(Tee.AZ_TDX_VTPM);
        assertThat(claims.flat()).containsKeys("az-tdx-vtpm.quote.body.mr_td", "az-tdx-vtpm.tpm.pcr23")
                .containsEntry("report_data", "6368616c6c656e6765");
        assertThat(claims.uncheckedItems()).anyMatch(item -> item.contains("FMSPC 00806f050000"));
    }

    @Test
    void verifyWhenAzureTdxAndNoCollateralDecisionThenSetupError() throws Exception {
        AzTdxVtpmEvidence tdx = TrusteeAzureEvidence.parseTdx(TestEvidence.bytes(TDX_DIR + "evidence-v1.json"));

        assertThatThrownBy(() -> EvidenceVerifiers.verify(tdx, Expectations.at(PINNED)
                .reportData(ExpectedReportData.exactly("challenge".getBytes(StandardCharsets.US_ASCII))).build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("withoutTdxCollateral");
    }
}

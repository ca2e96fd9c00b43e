package dev.trustedcompute.tpmquote;

import static dev.trustedcompute.tpmquote.TestEvidence.GO_TDX;
import static dev.trustedcompute.tpmquote.TestEvidence.TRUSTEE_TPM;
import static dev.trustedcompute.tpmquote.TestEvidence.bytes;
import static dev.trustedcompute.tpmquote.TestEvidence.hex;
import static dev.trustedcompute.tpmquote.TestEvidence.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * {@link TrusteeEvidence} on Trustee evidence JSON: the captured swtpm {@code tpm} evidence, {@code tdx} evidence
 * assembled from go-tdx-guest's matched quote and CCEL (no Trustee tdx JSON is in the test set), and dispatch to
 * the Azure parsers. SNP JSON has its own test ({@code snp.TrusteeSnpEvidenceTest}).
 */
class TrusteeEvidenceTest {

    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final byte[] TPM_JSON = bytes(TRUSTEE_TPM + "tpm_evidence.json");
    private static final byte[] TPM_NONCE =
            hex(json(TRUSTEE_TPM + "EXPECTED.json").get("tpm_evidence.json").get("nonce_hex").asString());

    private static AkPublic trusteeAk() throws EvidenceFormatException {
        return AkPublic.fromSubjectPublicKeyInfo(Base64.getDecoder().decode(
                json(TRUSTEE_TPM + "tpm_evidence.json").get("ak_public").asString()));
    }

    @Test
    void parseWhenTrusteeTpmEvidenceThenVerifiesWithPinnedAk() throws Exception {
        Evidence evidence = TrusteeEvidence.parse(Tee.TPM, TPM_JSON);

        VerifiedClaims claims = EvidenceVerifiers.verify(evidence, Expectations.at(NOW)
                .reportData(ExpectedReportData.exactly(TPM_NONCE)).trustedAk(trusteeAk()).build());

        assertThat(evidence).isInstanceOfSatisfying(TpmEvidence.class, t -> assertThat(t.attesterAk()).isPresent());
        assertThat(claims.flat()).containsEntry("tpm.pcr17", "ff".repeat(32));
    }

    @Test
    void parseWhenTpmEvidenceHasExtraMemberThenEvidenceFormatException() {
        String json = new String(TPM_JSON, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"extra\":1,");

        assertThatThrownBy(() -> TrusteeEvidence.parse(Tee.TPM, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("extra");
    }

    @Test
    void parseWhenTpmPcrIsNotSha256SizedThenEvidenceFormatException() {
        String json = new String(TPM_JSON, StandardCharsets.UTF_8).replaceFirst("\"pcrs\"\\s*:\\s*\\[\\s*\"",
                "\"pcrs\":[\"00");

        assertThatThrownBy(() -> TrusteeEvidence.parse(Tee.TPM, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("pcrs[0]");
    }

    @Test
    void parseWhenTpmMessageIsNotBase64ThenEvidenceFormatException() {
        String json = new String(TPM_JSON, StandardCharsets.UTF_8).replaceFirst("\"message\"\\s*:\\s*\"",
                "\"message\":\"*");

        assertThatThrownBy(() -> TrusteeEvidence.parse(Tee.TPM, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("base64");
    }

    private static byte[] tdxJson(byte[] ccel) throws Exception {
        TdxQuote buffered = TdxQuote.parseFromBuffer(bytes(GO_TDX + "ccel_cos-113-tdx-quote.dat"));
        byte[] quote = Arrays.copyOf(buffered.raw(), buffered.raw().length - buffered.trailingBytes());
        String log = ccel == null ? "null" : "\"" + Base64.getEncoder().encodeToString(ccel) + "\"";
        return ("{\"cc_eventlog\":" + log + ",\"quote\":\"" + Base64.getEncoder().encodeToString(quote) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Expectations cos113() {
        return Expectations.at(Instant.parse("2024-08-01T00:00:00Z"))
                .reportData(ExpectedReportData.exactly(bytes(GO_TDX + "ccel_nonce.dat")))
                .withoutTdxCollateral("no collateral was captured with this quote").build();
    }

    @Test
    void parseWhenTdxEvidenceWithCcelThenVerifiesAndReplays() throws Exception {
        Evidence evidence = TrusteeEvidence.parse(Tee.TDX, tdxJson(bytes(GO_TDX + "ccel_ccel_data.dat")));

        VerifiedClaims claims = EvidenceVerifiers.verify(evidence, cos113());

        assertThat(((TeeClaims.Tdx) claims.typed()).events()).isPresent();
    }

    @Test
    void parseWhenTdxEventLogNullThenNoEventLog() throws Exception {
        assertThat(TrusteeEvidence.parse(Tee.TDX, tdxJson(null)))
                .isInstanceOfSatisfying(TdxEvidence.class, t -> assertThat(t.eventLog()).isEmpty());
    }

    @Test
    void parseWhenTdxQuoteHasTrailingBytesThenEvidenceFormatException() {
        String json = "{\"cc_eventlog\":null,\"quote\":\""
                + Base64.getEncoder().encodeToString(bytes(GO_TDX + "ccel_cos-113-tdx-quote.dat")) + "\"}";

        assertThatThrownBy(() -> TrusteeEvidence.parse(Tee.TDX, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("trailing");
    }

    @Test
    void parseWhenAzSnpVtpmEvidenceThenAzureRecord() throws Exception {
        Evidence evidence = TrusteeEvidence.parse(Tee.AZ_SNP_VTPM,
                bytes("evidence/D_azure_vtpm/trustee/az-snp-vtpm/evidence-v2.json"));

        assertThat(evidence.tee()).isEqualTo(Tee.AZ_SNP_VTPM);
    }

    @Test
    void parseWhenDocumentIsNotJsonForAnyTeeThenEvidenceFormatException() {
        for (Tee tee : Tee.values()) {
            assertThatThrownBy(() -> TrusteeEvidence.parse(tee, "[1,".getBytes(StandardCharsets.UTF_8)))
                    .as(tee.trusteeName()).isInstanceOf(EvidenceFormatException.class);
        }
    }
}

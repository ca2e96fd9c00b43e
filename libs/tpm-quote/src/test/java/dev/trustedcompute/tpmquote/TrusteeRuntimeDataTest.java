package dev.trustedcompute.tpmquote;

import static dev.trustedcompute.tpmquote.TestEvidence.bytes;
import static dev.trustedcompute.tpmquote.TestEvidence.hex;
import static dev.trustedcompute.tpmquote.TestEvidence.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Trustee's runtime-data binding: the attestation service's own vector, the canonical primary runtime data, and the
 * per-TEE placement checked on captured Trustee evidence (the test set has the digests these captures carry, not
 * the runtime-data JSON they were made from).
 */
class TrusteeRuntimeDataTest {

    private static final String JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ECDH-ES+A256KW\",\"x\":\"X\",\"y\":\"Y\"}";

    @Test
    void digestWhenTrusteeAttestationServiceVectorThenItsSha384() throws Exception {
        // trustee attestation-service/src/lib.rs unit test
        byte[] digest = TrusteeRuntimeData.digest(RuntimeDataHash.SHA384,
                "{\"b\":1,\"a\":\"test\",\"c\":{\"d\":\"e\"}}".getBytes(StandardCharsets.UTF_8));

        assertThat(HexFormat.of().formatHex(digest)).isEqualTo("e71ce8e70d814ba6639c3612ebee0ff1f76f650f8dbb5e4715"
                + "7e0f3f525cd22c4597480a186427c813ca941da78870c3");
    }

    @Test
    void primaryWhenNoAdditionalEvidenceThenEmptyStringMemberFirstAndKeySorted() throws Exception {
        byte[] canonical = TrusteeRuntimeData.primary("bm9uY2U=", JWK.getBytes(StandardCharsets.UTF_8), "");

        assertThat(new String(canonical, StandardCharsets.UTF_8)).isEqualTo("{\"additional-evidence\":\"\","
                + "\"nonce\":\"bm9uY2U=\",\"tee-pubkey\":{\"alg\":\"ECDH-ES+A256KW\",\"crv\":\"P-256\",\"kty\":\"EC\","
                + "\"x\":\"X\",\"y\":\"Y\"}}");
        // the same object written in any member order and spacing digests the same
        String reordered = "{ \"tee-pubkey\": " + JWK + ", \"nonce\": \"bm9uY2U=\", \"additional-evidence\": \"\" }";
        assertThat(TrusteeRuntimeData.digest(RuntimeDataHash.SHA384, canonical)).isEqualTo(
                TrusteeRuntimeData.digest(RuntimeDataHash.SHA384, reordered.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void deviceWhenNonceAndKeyThenTwoMembers() throws Exception {
        assertThat(new String(TrusteeRuntimeData.device("n", "{\"kty\":\"RSA\",\"n\":\"a\",\"e\":\"AQAB\"}"
                .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("{\"nonce\":\"n\",\"tee-pubkey\":{\"e\":\"AQAB\",\"kty\":\"RSA\",\"n\":\"a\"}}");
    }

    @Test
    void primaryWhenTeePubkeyNotAnObjectThenEvidenceFormatException() {
        assertThatThrownBy(() -> TrusteeRuntimeData.primary("n", "\"key\"".getBytes(StandardCharsets.UTF_8), ""))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("JWK");
    }

    @Test
    void placedForWhenEachTeeThenTrusteeAttesterLayout() {
        byte[] sha384 = new byte[48];
        Arrays.fill(sha384, (byte) 0xab);
        ExpectedReportData.RuntimeDataDigest digest = new ExpectedReportData.RuntimeDataDigest(sha384);

        assertThat(digest.placedFor(Tee.SNP)).hasSize(64).startsWith(sha384).endsWith(new byte[16]);
        assertThat(digest.placedFor(Tee.TDX)).isEqualTo(digest.placedFor(Tee.SNP));
        assertThat(digest.placedFor(Tee.TPM)).isEqualTo(Arrays.copyOf(sha384, 32));
        assertThat(digest.placedFor(Tee.AZ_SNP_VTPM)).isEqualTo(sha384);
    }

    @Test
    void trusteeRuntimeDataWhenDigestLengthIsNoShaSizeThenRefused() {
        for (int length : new int[] {0, 20, 31, 33, 47, 65}) {
            assertThatThrownBy(() -> ExpectedReportData.trusteeRuntimeData(new byte[length]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32, 48 or 64");
        }
    }

    @Test
    void fromTrusteeNameWhenSm3ThenEvidenceFormatException() throws Exception {
        assertThat(RuntimeDataHash.fromTrusteeName("sha384")).isEqualTo(RuntimeDataHash.SHA384);
        assertThatThrownBy(() -> RuntimeDataHash.fromTrusteeName("sm3")).isInstanceOf(EvidenceFormatException.class);
    }

    // ---- placement on captured evidence

    /** Trustee's SNP test report carries a 32-byte digest zero-padded to 64 (trustee deps/verifier test_data/snp). */
    @Test
    void verifyWhenTrusteeSnpCaptureAndItsSha256DigestThenPaddedPlacementMatches() throws Exception {
        byte[] digest = hex("ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed08c14400ad7e2");
        SnpEvidence evidence = new SnpEvidence(SnpReport.parse(bytes("evidence/B_sev_snp/trustee/test-report.bin")),
                Optional.of(SnpCertificates.of(bytes("evidence/B_sev_snp/trustee/test-vcek.der"))));
        Expectations.Builder at = Expectations.at(Instant.parse("2025-06-01T00:00:00Z")).snpVmpl(0);

        VerifiedClaims claims = EvidenceVerifiers.verify(evidence,
                at.reportData(ExpectedReportData.trusteeRuntimeData(digest)).build());

        assertThat(claims.flat()).containsEntry("report_data", HexFormat.of().formatHex(Arrays.copyOf(digest, 64)));
        digest[31] ^= 1;
        assertThatThrownBy(() -> EvidenceVerifiers.verify(evidence,
                at.reportData(ExpectedReportData.trusteeRuntimeData(digest)).build()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REPORT_DATA_MISMATCH));
    }

    /**
     * Trustee's TPM capture predates the attester's resize to 32 bytes: its extraData is the 48-byte digest padded
     * to 64. The current placement (first 32 bytes) must not accept it, and the exact old bytes still verify.
     */
    @Test
    void verifyWhenTrusteeTpmCaptureMadeBefore32BytePlacementThenNonceMismatch() throws Exception {
        JsonNode evidenceJson = json("evidence/F_misc/trustee/tpm_evidence.json");
        byte[] extraData = hex(json("evidence/F_misc/trustee/EXPECTED.json").get("tpm_evidence.json")
                .get("nonce_hex").asString());
        JsonNode quote = evidenceJson.get("tpm_quote");
        TreeMap<Integer, byte[]> pcrs = new TreeMap<>();
        for (int i = 0; i < 24; i++) {
            pcrs.put(i, hex(quote.get("pcrs").get(i).asString()));
        }
        AkPublic ak = AkPublic.fromSubjectPublicKeyInfo(Base64.getDecoder().decode(evidenceJson.get("ak_public").asString()));
        TpmEvidence evidence = new TpmEvidence(TpmsAttest.parse(Base64.getDecoder().decode(quote.get("message").asString())),
                TpmtSignature.parse(Base64.getDecoder().decode(quote.get("signature").asString())),
                List.of(new PcrBank(TpmHash.SHA256, pcrs)), Optional.empty(), Optional.empty());
        Expectations.Builder at = Expectations.at(Instant.parse("2025-06-01T00:00:00Z")).trustedAk(ak);
        byte[] sha384 = Arrays.copyOf(extraData, 48);

        assertThat(Arrays.copyOfRange(extraData, 48, 64)).isEqualTo(new byte[16]);
        assertThatThrownBy(() -> EvidenceVerifiers.verify(evidence,
                at.reportData(ExpectedReportData.trusteeRuntimeData(sha384)).build()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NONCE_MISMATCH));
        assertThat(EvidenceVerifiers.verify(evidence, at.reportData(ExpectedReportData.exactly(extraData)).build())
                .flat()).containsEntry("report_data", HexFormat.of().formatHex(extraData));
    }
}

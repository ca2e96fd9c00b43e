package dev.trustedcompute.tpmquote.azure;

import static dev.trustedcompute.tpmquote.azure.AzureFixtures.CHALLENGE;
import static dev.trustedcompute.tpmquote.azure.AzureFixtures.PINNED;
import static dev.trustedcompute.tpmquote.azure.AzureFixtures.TRUSTEE_SNP;
import static dev.trustedcompute.tpmquote.azure.AzureFixtures.flip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.AzSnpVtpmEvidence;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import dev.trustedcompute.tpmquote.snp.VerifiedSnpReport;
import dev.trustedcompute.tpmquote.tdx.TdxVerificationPolicy;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Trustee's captured az-snp-vtpm evidence (v0, v1, v2) verified end to end and against its EXPECTED.json,
 * and a negative twin per part of the evidence: each names the step that failed.
 */
class AzSnpVtpmVerifierTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final AzureVtpmVerifier VERIFIER = AzureVtpmVerifier.withPinnedRoots(TdxVerificationPolicy.defaults());
    private static final int SNP_AT = HclReport.HEADER_SIZE;

    /** Each captured evidence file with the nonce it was made for. */
    enum Capture {
        V0("evidence-v0.json", CHALLENGE),
        V1("evidence-v1.json", CHALLENGE),
        V2("evidence-v2.json", AzureFixtures.hex(
                "982f5c6e45df0ed3f10b6f60b02f0c8390e281300f3805e2279c16168cd6ae9aa398f647caa2338748cd0fd9f5f819ef"));

        final String file;
        final byte[] nonce;

        Capture(String file, byte[] nonce) {
            this.file = file;
            this.nonce = nonce;
        }

        AzSnpVtpmEvidence evidence() throws Exception {
            return TrusteeAzureEvidence.parseSnp(AzureFixtures.bytes(TRUSTEE_SNP + file));
        }

        JsonNode expected() {
            return AzureFixtures.expected(TRUSTEE_SNP, file);
        }

        AzureExpectations expectations() {
            return AzureExpectations.at(PINNED).nonce(nonce).build();
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void verifyWhenCapturedThenPcrsMeasurementAndTcbMatchExpected(Capture capture) throws Exception {
        JsonNode expected = capture.expected();
        AzSnpVtpmEvidence evidence = capture.evidence();

        VerifiedAzureVtpm verified = VERIFIER.verify(evidence, capture.expectations());

        assertThat(evidence.version()).isEqualTo(capture.ordinal());
        assertThat(AzureFixtures.pcrs(verified.pcrs())).isEqualTo(AzureFixtures.pcrs(expected.get("tpm_quote").get("pcrs")));
        assertThat(HEX.formatHex(verified.nonce())).isEqualTo(expected.get("tpm_quote").get("nonce_hex").asString());
        assertThat(String.format("0x%016x", verified.pcrs().firmwareVersion()))
                .isEqualTo(expected.get("tpm_quote").get("firmwareVersion").asString());
        VerifiedSnpReport snp = ((VerifiedHardware.Snp) verified.hardware()).report();
        JsonNode want = expected.get("snp");
        assertThat(snp.version()).isEqualTo(want.get("version").asInt());
        assertThat(snp.policy().raw()).isEqualTo(want.get("policy").asLong());
        assertThat(snp.vmpl()).isEqualTo(want.get("vmpl").asLong());
        assertThat(HEX.formatHex(snp.measurement())).isEqualTo(want.get("measurement").asString());
        assertThat(HEX.formatHex(snp.chipId())).isEqualTo(want.get("chip_id").asString());
        assertThat(HEX.formatHex(snp.reportData())).isEqualTo(want.get("report_data").asString());
        JsonNode tcb = want.get("reported_tcb");
        assertThat(snp.reportedTcb().bootloader()).isEqualTo(tcb.get("bl").asInt());
        assertThat(snp.reportedTcb().tee()).isEqualTo(tcb.get("tee").asInt());
        assertThat(snp.reportedTcb().snp()).isEqualTo(tcb.get("snp").asInt());
        assertThat(snp.reportedTcb().microcode()).isEqualTo(tcb.get("microcode").asInt());
        assertThat(verified.runtimeData().vmConfiguration().orElseThrow().vmUniqueId())
                .contains(expected.get("vm_configuration").get("vmUniqueId").asString());
        assertThat(verified.uncheckedItems()).contains("init_data: no expected digest given");
    }

    @ParameterizedTest
    @MethodSource("captures")
    void verifyWhenCapturedThenClaimsHaveTrusteeKeysAndTyping(Capture capture) throws Exception {
        JsonNode expected = capture.expected();

        Map<String, Object> claims = VERIFIER.verify(capture.evidence(), capture.expectations()).claims();

        assertThat(claims).containsEntry("report_data", expected.get("tpm_quote").get("nonce_hex").asString())
                .containsEntry("tpm.pcr00", expected.get("tpm_quote").get("pcrs").get("0").asString())
                .containsEntry("tpm.pcr23", expected.get("tpm_quote").get("pcrs").get("23").asString())
                .containsEntry("init_data", expected.get("tpm_quote").get("pcrs").get("8").asString())
                .containsEntry("measurement", Base64.getEncoder().encodeToString(
                        AzureFixtures.hex(expected.get("snp").get("measurement").asString())))
                .containsEntry("reported_tcb_microcode", expected.get("snp").get("reported_tcb").get("microcode").asString())
                .containsEntry("policy_debug_allowed", "false")
                .containsEntry("policy_abi_major", "0");
        assertThat(claims.keySet()).filteredOn(k -> k.startsWith("tpm.pcr")).hasSize(24);
    }

    @Test
    void verifyWhenCapturedV2ThenHclUserDataCarriesTheNonce() throws Exception {
        VerifiedAzureVtpm verified = VERIFIER.verify(Capture.V2.evidence(), Capture.V2.expectations());

        assertThat(HEX.formatHex(verified.runtimeData().userData().orElseThrow()).toUpperCase())
                .isEqualTo(Capture.V2.expected().get("user_data").asString());
        assertThat(verified.uncheckedItems()).noneMatch(item -> item.startsWith("HCL user-data"));
    }

    @Test
    void verifyWhenV1EvidenceClaimsVersion2ThenUserDataWithoutNonceFails() throws Exception {
        AzSnpVtpmEvidence v1 = Capture.V1.evidence();
        AzSnpVtpmEvidence relabelled = new AzSnpVtpmEvidence(2, v1.tpmQuote(), v1.hclReport(), v1.vcek());

        assertReason(relabelled, Capture.V1.expectations(), Reason.NONCE_MISMATCH, "HCL user-data");
    }

    @Test
    void verifyWhenPartsFromTrusteeTestDataThenSnpV2ReportAndBincodeQuoteVerify() throws Exception {
        JsonNode expected = AzureFixtures.expected(TRUSTEE_SNP,
                "hcl-report.bin + vcek.pem + quote.bin + tpm-quote-v1.json + tpm-quote.msg/.sig");
        AzSnpVtpmEvidence evidence = new AzSnpVtpmEvidence(1,
                VtpmQuote.parseBincode(AzureFixtures.bytes(TRUSTEE_SNP + "quote.bin")),
                HclReport.parse(AzureFixtures.bytes(TRUSTEE_SNP + "hcl-report.bin")),
                SnpCertificates.of(null, AzureFixtures.bytes(TRUSTEE_SNP + "vcek.pem")));

        VerifiedAzureVtpm verified = VERIFIER.verify(evidence, AzureExpectations.at(PINNED).nonce(CHALLENGE).build());

        assertThat(AzureFixtures.pcrs(verified.pcrs()))
                .isEqualTo(AzureFixtures.pcrs(expected.get("tpm_quote_quote.bin(bincode)").get("pcrs")));
        assertThat(((VerifiedHardware.Snp) verified.hardware()).report().version()).isEqualTo(2);
    }

    static Stream<Capture> captures() {
        return Stream.of(Capture.values());
    }

    /** One tampering per evidence part, and the reason the verifier must give. */
    enum Tampering {
        SNP_MEASUREMENT(Reason.SIGNATURE_INVALID, "report signature",
                e -> withHcl(e, flip(e.hclReport().rawBytes(), SNP_AT + 0x90))),
        SNP_REPORT_DATA(Reason.RUNTIME_DATA_MISMATCH, "SEV-SNP REPORT_DATA",
                e -> withHcl(e, flip(e.hclReport().rawBytes(), SNP_AT + 0x50))),
        SNP_SIGNATURE(Reason.SIGNATURE_INVALID, "report signature",
                e -> withHcl(e, flip(e.hclReport().rawBytes(), SNP_AT + SnpReport.SIGNED_LENGTH))),
        RUNTIME_DATA(Reason.RUNTIME_DATA_MISMATCH, "runtime data",
                e -> withHcl(e, flipInUniqueId(e.hclReport().rawBytes()))),
        QUOTE_MESSAGE(Reason.SIGNATURE_INVALID, "vTPM quote",
                e -> withQuote(e, flip(e.tpmQuote().attest().attestBytes(), 60), e.tpmQuote().signature().rsaSignature(),
                        e.tpmQuote().pcrs())),
        QUOTE_SIGNATURE(Reason.SIGNATURE_INVALID, "vTPM quote",
                e -> withQuote(e, e.tpmQuote().attest().attestBytes(), flip(e.tpmQuote().signature().rsaSignature(), 7),
                        e.tpmQuote().pcrs())),
        PCR(Reason.PCR_DIGEST_MISMATCH, "pcrDigest",
                e -> withQuote(e, e.tpmQuote().attest().attestBytes(), e.tpmQuote().signature().rsaSignature(),
                        flipPcr(e.tpmQuote().pcrs(), 11))),
        MISSING_PCR(Reason.PCR_SELECTION_MISMATCH, "PCR 23",
                e -> withQuote(e, e.tpmQuote().attest().attestBytes(), e.tpmQuote().signature().rsaSignature(),
                        withoutPcr(e.tpmQuote().pcrs(), 23))),
        VCEK_OF_ANOTHER_CHIP(Reason.SIGNATURE_INVALID, "does not verify with VCEK",
                e -> new AzSnpVtpmEvidence(e.version(), e.tpmQuote(), e.hclReport(),
                        SnpCertificates.of(null, AzureFixtures.bytes(TRUSTEE_SNP + "vcek.pem"))));

        final Reason reason;
        final String mentions;
        final Mutation mutation;

        Tampering(Reason reason, String mentions, Mutation mutation) {
            this.reason = reason;
            this.mentions = mentions;
            this.mutation = mutation;
        }
    }

    interface Mutation {
        AzSnpVtpmEvidence apply(AzSnpVtpmEvidence evidence) throws Exception;
    }

    static Stream<Arguments> tamperings() {
        return Stream.of(Capture.values()).flatMap(c -> Stream.of(Tampering.values()).map(t -> Arguments.of(c, t)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tamperings")
    void verifyWhenPartTamperedThenFailsNamingTheStep(Capture capture, Tampering tampering) throws Exception {
        AzSnpVtpmEvidence tampered = tampering.mutation.apply(capture.evidence());

        assertReason(tampered, capture.expectations(), tampering.reason, tampering.mentions);
    }

    @ParameterizedTest
    @MethodSource("captures")
    void verifyWhenNonceDiffersThenNonceMismatch(Capture capture) throws Exception {
        AzureExpectations other = AzureExpectations.at(PINNED).nonce(flip(capture.nonce, 0)).build();

        assertReason(capture.evidence(), other, Reason.NONCE_MISMATCH, "extraData");
    }

    @ParameterizedTest
    @MethodSource("captures")
    void verifyWhenNonceWaivedThenVerifiesAndSaysSo(Capture capture) throws Exception {
        VerifiedAzureVtpm verified = VERIFIER.verify(capture.evidence(),
                AzureExpectations.at(PINNED).noNonce("operator inspection").build());

        assertThat(verified.uncheckedItems()).anyMatch(item -> item.startsWith("nonce: operator inspection"));
    }

    @ParameterizedTest
    @MethodSource("captures")
    void verifyWhenVcekExpiredAtVerificationTimeThenCertificateExpired(Capture capture) throws Exception {
        AzureExpectations later = AzureExpectations.at(Instant.parse("2033-01-01T00:00:00Z")).nonce(capture.nonce)
                .build();

        assertReason(capture.evidence(), later, Reason.CERTIFICATE_EXPIRED, "SEV-VCEK");
    }

    @ParameterizedTest
    @MethodSource("captures")
    void verifyWhenInitDataDigestExpectedThenPcr8MustBindIt(Capture capture) throws Exception {
        AzureExpectations withInitData = AzureExpectations.at(PINNED).nonce(capture.nonce)
                .initDataDigest(new byte[32]).build();

        assertReason(capture.evidence(), withInitData, Reason.INIT_DATA_MISMATCH, "PCR8");
    }

    @Test
    void verifyWhenCertificatesSuppliedThenTheyReplaceTheEvidenceVcek() throws Exception {
        AzSnpVtpmEvidence evidence = Capture.V1.evidence();
        AzureExpectations same = AzureExpectations.at(PINNED).nonce(CHALLENGE)
                .snpCertificates(SnpCertificates.of(evidence.vcek().vek().der())).build();

        VerifiedAzureVtpm verified = VERIFIER.verify(evidence, same);

        assertThat(((VerifiedHardware.Snp) verified.hardware()).report().vekExtensions().hwId())
                .hasValueSatisfying(hwId -> assertThat(HEX.formatHex(hwId))
                        .isEqualTo(Capture.V1.expected().get("snp").get("chip_id").asString()));
    }

    @Test
    void verifyWhenSuppliedCertificatesAreAnotherChipsThenSignatureInvalid() throws Exception {
        AzureExpectations other = AzureExpectations.at(PINNED).nonce(CHALLENGE)
                .snpCertificates(SnpCertificates.of(null, AzureFixtures.bytes(TRUSTEE_SNP + "vcek.pem"))).build();

        assertReason(Capture.V1.evidence(), other, Reason.SIGNATURE_INVALID, "does not verify with VCEK");
    }

    private static void assertReason(AzSnpVtpmEvidence evidence, AzureExpectations expected, Reason reason,
            String mentions) {
        assertThatThrownBy(() -> VERIFIER.verify(evidence, expected))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(mentions);
                });
    }

    private static AzSnpVtpmEvidence withHcl(AzSnpVtpmEvidence e, byte[] hcl) throws Exception {
        return new AzSnpVtpmEvidence(e.version(), e.tpmQuote(), HclReport.parse(hcl), e.vcek());
    }

    private static AzSnpVtpmEvidence withQuote(AzSnpVtpmEvidence e, byte[] message, byte[] signature, PcrBank pcrs)
            throws Exception {
        return new AzSnpVtpmEvidence(e.version(), VtpmQuote.of(message, signature, pcrs.values().values().stream().toList()),
                e.hclReport(), e.vcek());
    }

    private static byte[] flipInUniqueId(byte[] hcl) {
        int at = new String(hcl, StandardCharsets.ISO_8859_1).indexOf("\"vmUniqueId\":\"") + 14;
        return flip(hcl, at);
    }

    private static PcrBank flipPcr(PcrBank bank, int index) {
        return replace(bank, m -> {
            m.put(index, flip(m.get(index), 0));
            return m;
        });
    }

    private static PcrBank withoutPcr(PcrBank bank, int index) {
        return replace(bank, m -> {
            m.remove(index);
            return m;
        });
    }

    private static PcrBank replace(PcrBank bank, UnaryOperator<TreeMap<Integer, byte[]>> change) {
        return new PcrBank(TpmHash.SHA256, change.apply(new TreeMap<>(bank.values())));
    }
}

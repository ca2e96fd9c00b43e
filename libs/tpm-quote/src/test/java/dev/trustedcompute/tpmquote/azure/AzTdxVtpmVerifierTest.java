package dev.trustedcompute.tpmquote.azure;

import static dev.trustedcompute.tpmquote.azure.AzureFixtures.CHALLENGE;
import static dev.trustedcompute.tpmquote.azure.AzureFixtures.PINNED;
import static dev.trustedcompute.tpmquote.azure.AzureFixtures.TRUSTEE_TDX;
import static dev.trustedcompute.tpmquote.azure.AzureFixtures.flip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.AzTdxVtpmEvidence;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.tdx.TdxCollateral;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.tpmquote.tdx.TdxVerificationPolicy;
import dev.trustedcompute.tpmquote.tdx.VerifiedTdxQuote;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trustee's az-tdx-vtpm evidence (v1, and the same evidence in the v0 layout) verified end to end against its
 * EXPECTED.json, with a negative twin per evidence part. No TCB collateral exists for its FMSPC, so the TCB
 * status is reported as unchecked.
 */
class AzTdxVtpmVerifierTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final AzureVtpmVerifier VERIFIER = AzureVtpmVerifier.withPinnedRoots(TdxVerificationPolicy.defaults());
    private static final byte[] JSON_V1 = AzureFixtures.bytes(TRUSTEE_TDX + "evidence-v1.json");
    private static final JsonNode EXPECTED = AzureFixtures.expected(TRUSTEE_TDX, "evidence-v1.json");
    private static final AzureExpectations CHALLENGED = AzureExpectations.at(PINNED).nonce(CHALLENGE).build();
    /** TDREPORT in the HCL report and body in the TD quote (after the 48-byte header). */
    private static final int TDREPORT_AT = HclReport.HEADER_SIZE;
    private static final int BODY_AT = 48;

    private static AzTdxVtpmEvidence v1() throws EvidenceFormatException {
        return TrusteeAzureEvidence.parseTdx(JSON_V1);
    }

    @Test
    void verifyWhenCapturedThenPcrsTdMeasurementsAndBindingMatchExpected() throws Exception {
        VerifiedAzureVtpm verified = VERIFIER.verify(v1(), CHALLENGED);

        assertThat(verified.evidenceVersion()).isEqualTo(1);
        JsonNode tpm = EXPECTED.get("tpm_quote");
        assertThat(AzureFixtures.pcrs(verified.pcrs())).isEqualTo(AzureFixtures.pcrs(tpm.get("pcrs")));
        assertThat(HEX.formatHex(verified.nonce())).isEqualTo(tpm.get("nonce_hex").asString());
        assertThat(String.format("0x%016x", verified.pcrs().firmwareVersion()))
                .isEqualTo(tpm.get("firmwareVersion").asString());
        VerifiedTdxQuote quote = ((VerifiedHardware.Tdx) verified.hardware()).quote();
        JsonNode td = EXPECTED.get("td_quote");
        assertThat(quote.version()).isEqualTo(td.get("version").asInt());
        assertThat(HEX.formatHex(quote.mrTd())).isEqualTo(td.get("mr_td").asString());
        assertThat(HEX.formatHex(quote.mrSeam())).isEqualTo(td.get("mr_seam").asString());
        assertThat(HEX.formatHex(quote.xfam())).isEqualTo(td.get("xfam").asString());
        assertThat(quote.rtmrs().stream().map(HEX::formatHex).toList())
                .containsExactlyElementsOf(td.get("rtmr").valueStream().map(JsonNode::asString).toList());
        assertThat(HEX.formatHex(quote.reportData())).isEqualTo(td.get("report_data").asString());
        assertThat(quote.fmspc()).isEqualTo(td.get("fmspc").asString());
        assertThat(verified.runtimeData().bytes()).hasSize(EXPECTED.get("var_data_len").asInt());
        assertThat(verified.runtimeData().vmConfiguration().orElseThrow().secureBoot()).contains(true);
        assertThat(verified.uncheckedItems()).anyMatch(item -> item.startsWith("tdx TCB status: no collateral"));
    }

    @Test
    void verifyWhenCapturedThenClaimsHaveTrusteeTdxAndTpmKeys() throws Exception {
        Map<String, Object> claims = VERIFIER.verify(v1(), CHALLENGED).claims();

        assertThat(claims).containsEntry("quote.body.mr_td", EXPECTED.get("td_quote").get("mr_td").asString())
                .containsEntry("quote.header.version", "0400")
                .containsEntry("tpm.pcr00", EXPECTED.get("tpm_quote").get("pcrs").get("0").asString())
                .containsEntry("report_data", "6368616c6c656e6765")
                .containsEntry("init_data", EXPECTED.get("tpm_quote").get("pcrs").get("8").asString())
                .containsEntry("td_attributes.debug", false)
                .doesNotContainKey("tcb_status");
    }

    @Test
    void verifyWhenSameEvidenceInV0LayoutThenSameResult() throws Exception {
        AzTdxVtpmEvidence v0 = TrusteeAzureEvidence.parseTdx(toV0Layout(JSON_V1));

        VerifiedAzureVtpm verified = VERIFIER.verify(v0, CHALLENGED);

        assertThat(verified.evidenceVersion()).isZero();
        assertThat(verified.claims()).isEqualTo(VERIFIER.verify(v1(), CHALLENGED).claims());
    }

    @Test
    void verifyWhenV1EvidenceClaimsVersion2ThenUserDataWithoutNonceFails() throws Exception {
        AzTdxVtpmEvidence v1 = v1();
        AzTdxVtpmEvidence relabelled = new AzTdxVtpmEvidence(2, v1.tpmQuote(), v1.hclReport(), v1.tdQuote());

        assertReason(relabelled, CHALLENGED, Reason.NONCE_MISMATCH, "HCL user-data");
    }

    /** One tampering per evidence part, and the reason the verifier must give. */
    enum Tampering {
        TD_QUOTE_MR_TD(Reason.HARDWARE_REPORT_MISMATCH, "MRTD of the HCL report's TDREPORT"),
        TD_QUOTE_REPORT_DATA(Reason.RUNTIME_DATA_MISMATCH, "TD quote REPORTDATA"),
        TD_QUOTE_HEADER(Reason.SIGNATURE_INVALID, "quote signature"),
        TD_QUOTE_SIGNATURE(Reason.SIGNATURE_INVALID, "quote signature"),
        TDREPORT_RTMR(Reason.HARDWARE_REPORT_MISMATCH, "RTMR2"),
        RUNTIME_DATA(Reason.RUNTIME_DATA_MISMATCH, "runtime data"),
        VTPM_QUOTE_MESSAGE(Reason.SIGNATURE_INVALID, "vTPM quote"),
        VTPM_QUOTE_SIGNATURE(Reason.SIGNATURE_INVALID, "vTPM quote"),
        PCR(Reason.PCR_DIGEST_MISMATCH, "pcrDigest");

        final Reason reason;
        final String mentions;

        Tampering(Reason reason, String mentions) {
            this.reason = reason;
            this.mentions = mentions;
        }

        AzTdxVtpmEvidence apply(AzTdxVtpmEvidence e) throws Exception {
            byte[] hcl = e.hclReport().rawBytes();
            byte[] td = e.tdQuote().raw();
            VtpmQuote q = e.tpmQuote();
            byte[] message = q.attest().attestBytes();
            byte[] signature = q.signature().rsaSignature();
            List<byte[]> pcrs = List.copyOf(q.pcrs().values().values());
            return switch (this) {
                case TD_QUOTE_MR_TD -> withTdQuote(e, flip(td, BODY_AT + 136));
                case TD_QUOTE_REPORT_DATA -> withTdQuote(e, flip(td, BODY_AT + 520));
                case TD_QUOTE_HEADER -> withTdQuote(e, flip(td, 30));
                case TD_QUOTE_SIGNATURE -> withTdQuote(e, flip(td, 636 + 5));
                case TDREPORT_RTMR -> withHcl(e, flip(hcl, TDREPORT_AT + 0x2D0 + 2 * 48));
                case RUNTIME_DATA -> withHcl(e, flip(hcl, new String(hcl, StandardCharsets.ISO_8859_1)
                        .indexOf("\"vmUniqueId\":\"") + 14));
                case VTPM_QUOTE_MESSAGE -> withQuote(e, VtpmQuote.of(flip(message, 60), signature, pcrs));
                case VTPM_QUOTE_SIGNATURE -> withQuote(e, VtpmQuote.of(message, flip(signature, 200), pcrs));
                case PCR -> withQuote(e, new VtpmQuote(q.attest(), q.signature(), flipPcr(q.pcrs(), 4)));
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Tampering.class)
    void verifyWhenPartTamperedThenFailsNamingTheStep(Tampering tampering) throws Exception {
        assertReason(tampering.apply(v1()), CHALLENGED, tampering.reason, tampering.mentions);
    }

    @Test
    void verifyWhenNonceDiffersThenNonceMismatch() throws Exception {
        assertReason(v1(), AzureExpectations.at(PINNED).nonce(flip(CHALLENGE, 0)).build(), Reason.NONCE_MISMATCH,
                "extraData");
    }

    @Test
    void verifyWhenPckCertificateExpiredAtVerificationTimeThenCertificateExpired() throws Exception {
        AzureExpectations later = AzureExpectations.at(Instant.parse("2031-01-01T00:00:00Z")).nonce(CHALLENGE).build();

        assertReason(v1(), later, Reason.CERTIFICATE_EXPIRED, "PCK chain");
    }

    @Test
    void verifyWhenCollateralIsForAnotherPlatformThenCollateralInvalid() throws Exception {
        TdxCollateral other = TdxCollateral.fromPcsResponses(
                AzureFixtures.bytes("evidence/C_tdx/go-tdx-guest/sample_tcbInfo_response"),
                AzureFixtures.bytes("evidence/C_tdx/trustee/enclaveIdentity.json"),
                AzureFixtures.bytes("evidence/E_roots/intel/dcap-qvl/tcb_info_issuer_chain.pem"));
        AzureVtpmVerifier tolerant = AzureVtpmVerifier.withPinnedRoots(
                TdxVerificationPolicy.defaults().allowingExpiredCollateral("captured collateral is historical"));

        assertThatThrownBy(() -> tolerant.verify(v1(), AzureExpectations.at(PINNED).nonce(CHALLENGE)
                .tdxCollateral(other).build()))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.COLLATERAL_INVALID);
                    assertThat(e.getMessage()).contains("00806f050000");
                });
    }

    @Test
    void parseWhenTdQuotePaddingNotZeroThenFormatException() {
        String json = new String(JSON_V1, StandardCharsets.UTF_8);
        String quote = json.substring(json.indexOf("\"td_quote\": \"") + 13, json.lastIndexOf('"'));
        byte[] padded = Base64.getUrlDecoder().decode(quote);
        padded[padded.length - 1] = 1;
        String tampered = json.replace(quote, Base64.getUrlEncoder().encodeToString(padded));

        assertThatThrownBy(() -> TrusteeAzureEvidence.parseTdx(tampered.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EvidenceFormatException.class,
                        e -> assertThat(e.field()).isEqualTo("az-tdx-vtpm evidence.td_quote"));
    }

    private static void assertReason(AzTdxVtpmEvidence evidence, AzureExpectations expected, Reason reason,
            String mentions) {
        assertThatThrownBy(() -> VERIFIER.verify(evidence, expected))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(mentions);
                });
    }

    private static AzTdxVtpmEvidence withTdQuote(AzTdxVtpmEvidence e, byte[] buffer) throws Exception {
        return new AzTdxVtpmEvidence(e.version(), e.tpmQuote(), e.hclReport(), TdxQuote.parseFromBuffer(buffer));
    }

    private static AzTdxVtpmEvidence withHcl(AzTdxVtpmEvidence e, byte[] hcl) throws Exception {
        return new AzTdxVtpmEvidence(e.version(), e.tpmQuote(), HclReport.parse(hcl), e.tdQuote());
    }

    private static AzTdxVtpmEvidence withQuote(AzTdxVtpmEvidence e, VtpmQuote quote) {
        return new AzTdxVtpmEvidence(e.version(), quote, e.hclReport(), e.tdQuote());
    }

    private static PcrBank flipPcr(PcrBank bank, int index) {
        TreeMap<Integer, byte[]> values = new TreeMap<>(bank.values());
        values.put(index, flip(values.get(index), 0));
        return new PcrBank(TpmHash.SHA256, values);
    }

    /** Trustee's v0 layout of the same evidence: byte arrays instead of hex and base64url, no version. */
    private static byte[] toV0Layout(byte[] v1Json) {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode v1 = mapper.readTree(v1Json);
        ObjectNode v0 = mapper.createObjectNode();
        ObjectNode quote = v0.putObject("tpm_quote");
        quote.set("signature", bytes(mapper, HEX.parseHex(v1.get("tpm_quote").get("signature").asString())));
        quote.set("message", bytes(mapper, HEX.parseHex(v1.get("tpm_quote").get("message").asString())));
        ArrayNode pcrs = quote.putArray("pcrs");
        v1.get("tpm_quote").get("pcrs").forEach(p -> pcrs.add(bytes(mapper, HEX.parseHex(p.asString()))));
        v0.set("hcl_report", bytes(mapper, Base64.getUrlDecoder().decode(v1.get("hcl_report").asString())));
        v0.set("td_quote", bytes(mapper, Base64.getUrlDecoder().decode(v1.get("td_quote").asString())));
        return mapper.writeValueAsBytes(v0);
    }

    private static ArrayNode bytes(ObjectMapper mapper, byte[] data) {
        ArrayNode array = mapper.createArrayNode();
        for (byte b : data) {
            array.add(b & 0xff);
        }
        return array;
    }
}

package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import static dev.trustedcompute.tpmquote.tdx.TdxFixtures.GO;
import static dev.trustedcompute.tpmquote.tdx.TdxFixtures.TRUSTEE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TdxCollateralTest {

    private static final HexFormat HEX = HexFormat.of();

    private static PublicKey tcbSigningKey() throws Exception {
        return Pem.certificates(TdxFixtures.read(TdxFixtures.INTEL_ROOTS + "dcap-qvl/tcb_info_issuer_chain.pem"), "chain")
                .getFirst().getPublicKey();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> expectedCollateral(String dir, String key) {
        Map<String, Object> doc = (Map<String, Object>) TdxFixtures.plain(TdxFixtures.json(dir + "EXPECTED.json"));
        return (Map<String, Object>) ((Map<String, Object>) doc.get("collateral")).get(key);
    }

    @ParameterizedTest
    @CsvSource({"sample_tcbInfo_response, sample_tcbInfo_response", "sample_tcbinfo_response_v5, sample_tcbinfo_response_v5"})
    void parseResponseWhenGoTdxGuestTcbInfoThenFieldsMatchExpectedAndSignatureVerifies(String file, String key)
            throws Exception {
        Map<String, Object> expected = expectedCollateral(GO, key);

        TcbInfo info = TcbInfo.parseResponse(TdxFixtures.read(GO + file));

        assertThat(info.id()).isEqualTo(expected.get("id"));
        assertThat(info.version()).isEqualTo(((BigDecimal) expected.get("version")).intValue());
        assertThat(info.fmspcHex()).isEqualTo(expected.get("fmspc"));
        assertThat(info.issueDate()).isEqualTo(Instant.parse((String) expected.get("issueDate")));
        assertThat(info.tcbEvaluationDataNumber()).isEqualTo(((BigDecimal) expected.get("tcbEvaluationDataNumber")).intValue());
        assertThat(Ecdsa.verify(tcbSigningKey(), info.signedBytes(), info.signature(), "tcbInfo")).isTrue();
        assertThat(new String(info.signedBytes(), StandardCharsets.UTF_8)).startsWith("{\"id\":\"TDX\"").endsWith("}");
    }

    @Test
    void parseResponseWhenTrusteeTcbInfoThenFieldsMatchExpectedAndSignatureVerifies() throws Exception {
        Map<String, Object> expected = expectedCollateral(TRUSTEE, "tcbInfo");

        TcbInfo info = TcbInfo.parseResponse(TdxFixtures.read(TRUSTEE + "tcbInfo.json"));

        assertThat(info.fmspcHex()).isEqualToIgnoringCase((String) expected.get("fmspc"));
        assertThat(info.issueDate()).isEqualTo(Instant.parse((String) expected.get("issueDate")));
        assertThat(info.tcbEvaluationDataNumber()).isEqualTo(((BigDecimal) expected.get("tcbEvaluationDataNumber")).intValue());
        assertThat(info.tdxModuleIdentities()).extracting(TcbInfo.TdxModuleIdentity::id).contains("TDX_03");
        assertThat(Ecdsa.verify(tcbSigningKey(), info.signedBytes(), info.signature(), "tcbInfo")).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"evidence/C_tdx/go-tdx-guest/, sample_qeIdentity_response, sample_qeIdentity_response",
            "evidence/C_tdx/trustee/, enclaveIdentity.json, enclaveIdentity"})
    void parseResponseWhenQeIdentityThenFieldsMatchExpectedAndSignatureVerifies(String dir, String file, String key)
            throws Exception {
        Map<String, Object> expected = expectedCollateral(dir, key);

        EnclaveIdentity id = EnclaveIdentity.parseResponse(TdxFixtures.read(dir + file));

        assertThat(id.id()).isEqualTo(expected.get("id")).isEqualTo("TD_QE");
        assertThat(id.issueDate()).isEqualTo(Instant.parse((String) expected.get("issueDate")));
        assertThat(HEX.formatHex(id.mrSigner())).isEqualTo("dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");
        assertThat(id.isvProdId()).isEqualTo(2);
        assertThat(id.tcbLevels()).first().satisfies(l -> {
            assertThat(l.isvSvn()).isEqualTo(4);
            assertThat(l.status()).isEqualTo(TcbStatus.UP_TO_DATE);
        });
        assertThat(Ecdsa.verify(tcbSigningKey(), id.signedBytes(), id.signature(), "qeIdentity")).isTrue();
    }

    @Test
    void fromBundleJsonWhenBuiltFromPcsResponsesThenSameCollateralAndVerifiesUpToDate() throws Exception {
        TdxCollateral fromResponses = TdxFixtures.collateral(GO + "sample_tcbinfo_response_v5", TRUSTEE + "enclaveIdentity.json");
        String chain = new String(TdxFixtures.read(TdxFixtures.INTEL_ROOTS + "dcap-qvl/tcb_info_issuer_chain.pem"),
                StandardCharsets.UTF_8);
        String bundle = "{\n  \"tcb_info_issuer_chain\": " + jsonString(chain)
                + ",\n  \"tcb_info\": " + jsonString(new String(fromResponses.tcbInfo().signedBytes(), StandardCharsets.UTF_8))
                + ",\n  \"tcb_info_signature\": \"" + HEX.formatHex(fromResponses.tcbInfo().signature())
                + "\",\n  \"qe_identity_issuer_chain\": " + jsonString(chain)
                + ",\n  \"qe_identity\": " + jsonString(new String(fromResponses.qeIdentity().signedBytes(), StandardCharsets.UTF_8))
                + ",\n  \"qe_identity_signature\": \"" + HEX.formatHex(fromResponses.qeIdentity().signature())
                + "\",\n  \"root_ca_crl\": \"" + HEX.formatHex(TdxFixtures.read(GO + "rootcrl.der"))
                + "\",\n  \"pck_crl\": \"" + HEX.formatHex(TdxFixtures.read(GO + "pckcrl")) + "\"\n}\n";

        TdxCollateral fromBundle = TdxCollateral.fromBundleJson(bundle.getBytes(StandardCharsets.UTF_8));

        assertThat(fromBundle.tcbInfo().signedBytes()).isEqualTo(fromResponses.tcbInfo().signedBytes());
        assertThat(fromBundle.qeIdentity().signedBytes()).isEqualTo(fromResponses.qeIdentity().signedBytes());
        assertThat(fromBundle.rootCaCrl()).isPresent();
        assertThat(fromBundle.pckCrl()).isPresent();
        VerifiedTdxQuote v = TdxVerifier.withIntelRoot(TdxVerificationPolicy.defaults().allowingExpiredCollateral("fixture"))
                .verify(TdxQuote.parse(TdxFixtures.V5_SAMPLE.bytes()), fromBundle,
                        ReportDataExpectation.notChecked("fixture"), Instant.parse("2026-02-10T00:00:00Z"));
        assertThat(v.tcbStatus()).contains(TcbStatus.UP_TO_DATE);
    }

    @Test
    void fromPcsResponsesWhenIssuerChainUrlEncodedAsInPcsHeaderThenSameChain() throws Exception {
        byte[] pem = TdxFixtures.read(TdxFixtures.INTEL_ROOTS + "dcap-qvl/tcb_info_issuer_chain.pem");
        byte[] header = URLEncoder.encode(new String(pem, StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                .replace("+", "%20").getBytes(StandardCharsets.US_ASCII);

        TdxCollateral c = TdxCollateral.fromPcsResponses(TdxFixtures.read(GO + "sample_tcbinfo_response_v5"),
                TdxFixtures.read(TRUSTEE + "enclaveIdentity.json"), header);

        assertThat(c.tcbInfoIssuerChain()).hasSize(2);
        assertThat(c.tcbInfoIssuerChain().get(1)).isEqualTo(IntelSgxRoot.certificate());
    }

    @Test
    void fromBundleJsonWhenTcbInfoIsAnObjectInsteadOfSignedTextThenFormatException() {
        String bundle = "{\"tcb_info\":{\"id\":\"TDX\"},\"tcb_info_signature\":\"00\"}";
        assertThatThrownBy(() -> TdxCollateral.fromBundleJson(bundle.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("collateral.tcb_info");
    }

    @Test
    void bundledRootWhenLoadedThenMatchesCapturedIntelRootsAndPin() throws Exception {
        byte[] der = TdxFixtures.read(TdxFixtures.INTEL_ROOTS + "dcap-qvl/TrustedRootCA.der");
        assertThat(IntelSgxRoot.certificate().getEncoded()).isEqualTo(der);
        assertThat(IntelSgxRoot.sha256(IntelSgxRoot.certificate())).isEqualTo(IntelSgxRoot.SHA256);
        assertThat(IntelSgxRoot.certificate().getSubjectX500Principal().getName()).contains("CN=Intel SGX Root CA");
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

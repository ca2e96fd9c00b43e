package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.trustedcompute.tpmquote.tdx.TdxFixtures.GO;
import static dev.trustedcompute.tpmquote.tdx.TdxFixtures.TRUSTEE;
import static dev.trustedcompute.tpmquote.tdx.TdxFixtures.at;
import static dev.trustedcompute.tpmquote.tdx.TdxFixtures.flip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TdxVerifierTest {

    private static final HexFormat HEX = HexFormat.of();
    /** Inside the v5 sample's TCB Info window (2026-02-01 .. 03-03) and the TCB Signing cert's validity. */
    private static final Instant FEB_2026 = Instant.parse("2026-02-10T00:00:00Z");
    private static final ReportDataExpectation NO_NONCE = ReportDataExpectation.notChecked("captured fixture, no nonce");
    private static final TdxVerifier VERIFIER = TdxVerifier.withIntelRoot(TdxVerificationPolicy.defaults());
    private static final TdxVerifier LENIENT = TdxVerifier.withIntelRoot(TdxVerificationPolicy.defaults()
            .allowingExpiredCollateral("captured collateral windows do not overlap"));

    static Stream<TdxFixtures.QuoteFixture> quotes() {
        return TdxFixtures.quotes().stream();
    }

    private static TdxQuote quote(TdxFixtures.QuoteFixture q) throws Exception {
        return TdxQuote.parseFromBuffer(q.bytes());
    }

    private static TdxCollateral v5Collateral() {
        return TdxFixtures.collateral(GO + "sample_tcbinfo_response_v5", TRUSTEE + "enclaveIdentity.json");
    }

    @ParameterizedTest
    @MethodSource("quotes")
    void verifyWithoutCollateralWhenCapturedQuoteThenSignaturesQeBindingAndChainVerify(TdxFixtures.QuoteFixture q)
            throws Exception {
        Map<String, Object> expected = TdxFixtures.expected(q);
        assertThat((Object) at(expected, "verification", "quote_sig_by_attestation_key")).isEqualTo(true);

        VerifiedTdxQuote v = VERIFIER.verifyWithoutCollateral(quote(q), NO_NONCE, q.at());

        assertThat(HEX.formatHex(v.mrTd())).isEqualTo(at(expected, "body", "mrtd"));
        for (int i = 0; i < 4; i++) {
            assertThat(HEX.formatHex(v.rtmr(i))).isEqualTo(at(expected, "body", "rtmr" + i));
        }
        assertThat(HEX.formatHex(v.reportData())).isEqualTo(at(expected, "body", "report_data"));
        assertThat(v.version()).isEqualTo(((BigDecimal) expected.get("version")).intValue());
        assertThat(v.fmspc()).isEqualTo(at(expected, "verification", "fmspc"));
        assertThat(v.tcbStatus()).isEmpty();
        assertThat(v.uncheckedItems()).anyMatch(s -> s.startsWith("TCB status: no collateral"))
                .anyMatch(s -> s.contains("captured fixture, no nonce"));
    }

    @Test
    void verifyWhenV5SampleWithItsTcbInfoThenUpToDateAsExpectedJson() throws Exception {
        Map<String, Object> expected = TdxFixtures.expected(TdxFixtures.V5_SAMPLE);
        Map<String, Object> eval = at(expected, "tcb_eval_vs_sample_tcbinfo_response_v5");

        VerifiedTdxQuote v = LENIENT.verify(quote(TdxFixtures.V5_SAMPLE), v5Collateral(), NO_NONCE, FEB_2026);

        TcbVerdict tcb = v.tcb().orElseThrow();
        assertThat(tcb.status().pcsName()).isEqualTo(eval.get("final_status")).isEqualTo("UpToDate");
        assertThat(tcb.advisoryIds()).isEqualTo(eval.get("final_advisories")).isEmpty();
        assertThat(tcb.platformStatus().pcsName()).isEqualTo(at(eval, "platform_level", "status"));
        assertThat(tcb.platformTcbDate()).isEqualTo(Instant.parse(at(eval, "platform_level", "tcbDate")));
        assertThat(tcb.tdxModuleStatus().map(TcbStatus::pcsName)).contains(((List<?>) eval.get("tdx_module")).getFirst().toString());
        assertThat(tcb.tdxModuleIdentity()).contains("TDX_01");
        assertThat(tcb.qeStatus().pcsName()).isEqualTo(((List<?>) eval.get("qe")).getFirst());
        assertThat(tcb.tcbEvaluationDataNumber()).isEqualTo(18);
        // Trustee's QE identity ran out 2025-11-27: accepted only because the policy says so, and reported
        assertThat(v.expiredCollateral()).singleElement().asString().startsWith("QE identity");
        assertThat(v.claims()).containsEntry("tcb_status", "UpToDate").containsEntry("collateral_expiration_status", "1");
    }

    @Test
    void verifyWhenCollateralExpiredAndPolicyStrictThenCollateralExpiredNamingQeIdentity() throws Exception {
        assertThatThrownBy(() -> VERIFIER.verify(quote(TdxFixtures.V5_SAMPLE), v5Collateral(), NO_NONCE, FEB_2026))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.COLLATERAL_EXPIRED))
                .hasMessageContaining("QE identity (issueDate 2025-10-28T06:45:09Z")
                .hasMessageNotContaining("TCB Info");
    }

    @Test
    void verifyWhenCrlsSuppliedAndLeafNotRevokedThenCrlsCheckedAndReportedExpired() throws Exception {
        TdxCollateral collateral = v5Collateral().withCrls(Optional.of(TdxFixtures.read(GO + "rootcrl.der")),
                Optional.of(TdxFixtures.read(GO + "pckcrl")));

        VerifiedTdxQuote v = LENIENT.verify(quote(TdxFixtures.V5_SAMPLE), collateral, NO_NONCE, FEB_2026);

        assertThat(v.tcbStatus()).contains(TcbStatus.UP_TO_DATE);
        assertThat(v.expiredCollateral()).anyMatch(s -> s.startsWith("PCK CRL (thisUpdate 2023-06-08T07:27:52Z"))
                .anyMatch(s -> s.startsWith("Root CA CRL")).anyMatch(s -> s.startsWith("QE identity"));
    }

    @Test
    void verifyWhenPckCrlSignatureTamperedThenCollateralInvalid() throws Exception {
        byte[] crl = TdxFixtures.read(GO + "pckcrl");
        byte[] tampered = flip(crl, crl.length - 5); // inside the signature's s integer
        TdxCollateral collateral = v5Collateral().withCrls(Optional.empty(), Optional.of(tampered));

        assertThatThrownBy(() -> LENIENT.verify(quote(TdxFixtures.V5_SAMPLE), collateral, NO_NONCE, FEB_2026))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.COLLATERAL_INVALID))
                .hasMessageContaining("PCK CRL");
    }

    @Test
    void verifyWhenSprE4WithItsTcbInfoThenNoTcbLevelMatchesAsExpectedJson() throws Exception {
        assertThat(at(TdxFixtures.expected(TdxFixtures.SPR_E4), "tcb_eval_vs_sample_tcbInfo_response", "error")
                .toString()).isEqualTo("no matching TCB level");
        TdxCollateral collateral = TdxFixtures.collateral(GO + "sample_tcbInfo_response", GO + "sample_qeIdentity_response");

        assertThatThrownBy(() -> LENIENT.verify(quote(TdxFixtures.SPR_E4), collateral, NO_NONCE, FEB_2026))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TCB_STATUS_UNACCEPTABLE))
                .hasMessageContaining("no TCB level").hasMessageContaining("FMSPC 50806f000000")
                .hasMessageContaining("[3, 3, 2, 2, 2, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]");
    }

    @Test
    void verifyWhenTcbSigningCertNotYetValidAtCollateralTimeThenCertificateExpired() throws Exception {
        // the captured TCB Signing certificate was issued in 2025; the 2023 collateral cannot be checked in 2023
        TdxCollateral collateral = TdxFixtures.collateral(GO + "sample_tcbInfo_response", GO + "sample_qeIdentity_response");

        assertThatThrownBy(() -> VERIFIER.verify(quote(TdxFixtures.SPR_E4), collateral, NO_NONCE, TdxFixtures.SPR_E4.at()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED))
                .hasMessageContaining("TCB Info signing chain certificate 0")
                .hasMessageContaining("Intel SGX TCB Signing");
    }

    @Test
    void verifyWhenTcbInfoForOtherFmspcThenCollateralInvalid() throws Exception {
        TdxCollateral collateral = TdxFixtures.collateral(TRUSTEE + "tcbInfo.json", TRUSTEE + "enclaveIdentity.json");

        assertThatThrownBy(() -> LENIENT.verify(quote(TdxFixtures.V5_SAMPLE), collateral, NO_NONCE, FEB_2026))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.COLLATERAL_INVALID))
                .hasMessageContaining("FMSPC 00a06d080000").hasMessageContaining("90c06f000000");
    }

    @Test
    void verifyWhenTcbInfoSignatureTamperedThenCollateralInvalid() throws Exception {
        byte[] response = TdxFixtures.read(GO + "sample_tcbinfo_response_v5");
        String text = new String(response, StandardCharsets.UTF_8);
        int sig = text.lastIndexOf("\"signature\":\"") + 13;
        char c = text.charAt(sig);
        String tampered = text.substring(0, sig) + (c == '0' ? '1' : '0') + text.substring(sig + 1);
        TdxCollateral collateral = TdxCollateral.fromPcsResponses(tampered.getBytes(StandardCharsets.UTF_8),
                TdxFixtures.read(TRUSTEE + "enclaveIdentity.json"),
                TdxFixtures.read(TdxFixtures.INTEL_ROOTS + "dcap-qvl/tcb_info_issuer_chain.pem"));

        assertThatThrownBy(() -> LENIENT.verify(quote(TdxFixtures.V5_SAMPLE), collateral, NO_NONCE, FEB_2026))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.COLLATERAL_INVALID))
                .hasMessageContaining("TCB Info (FMSPC 90c06f000000");
    }

    @Test
    void verifyWhenTcbInfoBodyTamperedThenCollateralInvalid() throws Exception {
        String text = new String(TdxFixtures.read(GO + "sample_tcbinfo_response_v5"), StandardCharsets.UTF_8);
        // promote the first OutOfDate level: the signed bytes change, so the signature must fail
        String tampered = text.replaceFirst("\"tcbStatus\":\"OutOfDate\"", "\"tcbStatus\":\"UpToDate\"");
        assertThat(tampered).isNotEqualTo(text);
        TdxCollateral collateral = TdxCollateral.fromPcsResponses(tampered.getBytes(StandardCharsets.UTF_8),
                TdxFixtures.read(TRUSTEE + "enclaveIdentity.json"),
                TdxFixtures.read(TdxFixtures.INTEL_ROOTS + "dcap-qvl/tcb_info_issuer_chain.pem"));

        assertThatThrownBy(() -> LENIENT.verify(quote(TdxFixtures.V5_SAMPLE), collateral, NO_NONCE, FEB_2026))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.COLLATERAL_INVALID));
    }

    @Test
    void verifyWhenQeIdentitySignatureTamperedThenCollateralInvalid() throws Exception {
        String text = new String(TdxFixtures.read(TRUSTEE + "enclaveIdentity.json"), StandardCharsets.UTF_8);
        String tampered = text.replace("\"signature\":\"25d9", "\"signature\":\"25d8");
        assertThat(tampered).isNotEqualTo(text);
        TdxCollateral collateral = TdxCollateral.fromPcsResponses(TdxFixtures.read(GO + "sample_tcbinfo_response_v5"),
                tampered.getBytes(StandardCharsets.UTF_8),
                TdxFixtures.read(TdxFixtures.INTEL_ROOTS + "dcap-qvl/tcb_info_issuer_chain.pem"));

        assertThatThrownBy(() -> LENIENT.verify(quote(TdxFixtures.V5_SAMPLE), collateral, NO_NONCE, FEB_2026))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.COLLATERAL_INVALID))
                .hasMessageContaining("QE identity TD_QE");
    }

    @Test
    void verifyWhenPolicyAcceptsOnlyOutOfDateThenUpToDateIsUnacceptable() throws Exception {
        TdxVerifier picky = TdxVerifier.withIntelRoot(TdxVerificationPolicy.defaults()
                .acceptingOnly(EnumSet.of(TcbStatus.OUT_OF_DATE)).allowingExpiredCollateral("fixture"));

        assertThatThrownBy(() -> picky.verify(quote(TdxFixtures.V5_SAMPLE), v5Collateral(), NO_NONCE, FEB_2026))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TCB_STATUS_UNACCEPTABLE))
                .hasMessageContaining("TCB status UpToDate");
    }

    @Test
    void verifyWhenReportDataMatchesThenVerified() throws Exception {
        TdxQuote quote = quote(TdxFixtures.V5_SAMPLE);

        VerifiedTdxQuote v = VERIFIER.verifyWithoutCollateral(quote,
                ReportDataExpectation.exactly(quote.body().reportData()), FEB_2026);

        assertThat(v.uncheckedItems()).noneMatch(s -> s.startsWith("report data"));
    }

    @Test
    void verifyWhenReportDataDiffersThenReportDataMismatch() throws Exception {
        TdxQuote quote = quote(TdxFixtures.V5_SAMPLE);
        byte[] other = flip(quote.body().reportData(), 63);

        assertThatThrownBy(() -> VERIFIER.verifyWithoutCollateral(quote, ReportDataExpectation.exactly(other), FEB_2026))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REPORT_DATA_MISMATCH))
                .hasMessageContaining(HEX.formatHex(other));
    }

    @ParameterizedTest
    @MethodSource("quotes")
    void verifyWhenQuoteSignatureByteFlippedThenSignatureInvalid(TdxFixtures.QuoteFixture q) throws Exception {
        TdxQuote good = quote(q);
        byte[] bytes = flip(q.bytes(), good.signedBytes().length + 4 + 10);

        assertThatThrownBy(() -> VERIFIER.verifyWithoutCollateral(TdxQuote.parseFromBuffer(bytes), NO_NONCE, q.at()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID))
                .hasMessageContaining("quote signature");
    }

    @ParameterizedTest
    @MethodSource("quotes")
    void verifyWhenMrTdByteFlippedThenSignatureInvalid(TdxFixtures.QuoteFixture q) throws Exception {
        int bodyStart = quote(q).version() == 4 ? 48 : 54;
        byte[] bytes = flip(q.bytes(), bodyStart + 136); // MRTD[0]

        assertThatThrownBy(() -> VERIFIER.verifyWithoutCollateral(TdxQuote.parseFromBuffer(bytes), NO_NONCE, q.at()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID))
                .hasMessageContaining("quote signature over header and body");
    }

    @ParameterizedTest
    @MethodSource("quotes")
    void verifyWhenQeReportByteFlippedThenQeReportSignatureInvalid(TdxFixtures.QuoteFixture q) throws Exception {
        int qeReport = quote(q).signedBytes().length + 4 + 128 + 6;
        byte[] bytes = flip(q.bytes(), qeReport + 258); // ISVSVN

        assertThatThrownBy(() -> VERIFIER.verifyWithoutCollateral(TdxQuote.parseFromBuffer(bytes), NO_NONCE, q.at()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID))
                .hasMessageContaining("QE report signature");
    }

    @ParameterizedTest
    @MethodSource("quotes")
    void verifyWhenAttestationKeyByteFlippedThenQeReportDataMismatch(TdxFixtures.QuoteFixture q) throws Exception {
        int attestationKey = quote(q).signedBytes().length + 4 + 64;
        byte[] bytes = flip(q.bytes(), attestationKey + 5);

        assertThatThrownBy(() -> VERIFIER.verifyWithoutCollateral(TdxQuote.parseFromBuffer(bytes), NO_NONCE, q.at()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.QE_REPORT_DATA_MISMATCH))
                .hasMessageContaining("SHA-256(attestation key || QE auth data)");
    }

    @Test
    void verifyWhenQeAuthDataFlippedThenQeReportDataMismatch() throws Exception {
        TdxFixtures.QuoteFixture q = TdxFixtures.TRUSTEE_4;
        int authData = quote(q).signedBytes().length + 4 + 128 + 6 + 384 + 64 + 2;
        byte[] bytes = flip(q.bytes(), authData);

        assertThatThrownBy(() -> VERIFIER.verifyWithoutCollateral(TdxQuote.parseFromBuffer(bytes), NO_NONCE, q.at()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.QE_REPORT_DATA_MISMATCH));
    }

    @Test
    void verifyWhenTrustAnchorIsAnotherRootThenRootNotTrusted() throws Exception {
        X509Certificate other = Pem.certificates(TdxFixtures.read("evidence/E_roots/amd/virtee-sev/milan_ark.pem"),
                "ark").getFirst();
        TdxVerifier wrongRoot = TdxVerifier.withRoot(other, TdxVerificationPolicy.defaults());

        assertThatThrownBy(() -> wrongRoot.verifyWithoutCollateral(quote(TdxFixtures.TRUSTEE_4), NO_NONCE,
                TdxFixtures.TRUSTEE_4.at()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ROOT_NOT_TRUSTED))
                .hasMessageContaining("Intel SGX Root CA").hasMessageContaining(IntelSgxRoot.SHA256);
    }

    @Test
    void verifyWhenVerificationTimeAfterPckLeafExpiryThenCertificateExpired() {
        assertThatThrownBy(() -> VERIFIER.verifyWithoutCollateral(quote(TdxFixtures.TRUSTEE_4), NO_NONCE,
                Instant.parse("2031-01-01T00:00:00Z")))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED))
                .hasMessageContaining("PCK chain certificate 0");
    }

    @Test
    void claimsWhenTrusteeQuote4ThenEqualTrusteeExpectedClaimsForCorrespondingFields() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> expected = (Map<String, Object>) TdxFixtures.plain(
                TdxFixtures.json(TRUSTEE + "parse_tdx_claims_expected.json"));
        Map<String, Object> flatExpected = new java.util.LinkedHashMap<>();
        flatten("", expected, flatExpected);
        flatExpected.remove("uefi_event_logs"); // CCEL claims belong to the ccel package

        Map<String, Object> claims = VERIFIER.verifyWithoutCollateral(quote(TdxFixtures.TRUSTEE_4), NO_NONCE,
                TdxFixtures.TRUSTEE_4.at()).claims();

        assertThat(flatExpected).hasSizeGreaterThan(25);
        flatExpected.forEach((key, value) -> assertThat(claims).as(key).containsEntry(key, value));
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> in, Map<String, Object> out) {
        in.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m) {
                flatten(key, (Map<String, Object>) m, out);
            } else {
                out.put(key, v);
            }
        });
    }
}

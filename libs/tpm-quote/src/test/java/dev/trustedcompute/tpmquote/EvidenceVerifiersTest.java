package dev.trustedcompute.tpmquote;

import static dev.trustedcompute.tpmquote.TestEvidence.GCE;
import static dev.trustedcompute.tpmquote.TestEvidence.GO_SEV;
import static dev.trustedcompute.tpmquote.TestEvidence.GO_TDX;
import static dev.trustedcompute.tpmquote.TestEvidence.INTEL_ROOTS;
import static dev.trustedcompute.tpmquote.TestEvidence.TRUSTEE_TDX;
import static dev.trustedcompute.tpmquote.TestEvidence.TRUSTEE_TPM;
import static dev.trustedcompute.tpmquote.TestEvidence.bytes;
import static dev.trustedcompute.tpmquote.TestEvidence.flip;
import static dev.trustedcompute.tpmquote.TestEvidence.hex;
import static dev.trustedcompute.tpmquote.TestEvidence.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.ccel.CcEventLog;
import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.EventDigest;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import dev.trustedcompute.tpmquote.tdx.TdxCollateral;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.tpmquote.tdx.TdxVerificationPolicy;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The unified API on captured evidence: one positive case per TEE, each with negative twins. */
class EvidenceVerifiersTest {

    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    // ---- TPM: Trustee's swtpm evidence (RSA AK as SPKI, 24 SHA-256 PCRs, 64-byte extraData)

    private static final JsonNode TRUSTEE = json(TRUSTEE_TPM + "tpm_evidence.json");
    private static final byte[] TRUSTEE_NONCE =
            hex(json(TRUSTEE_TPM + "EXPECTED.json").get("tpm_evidence.json").get("nonce_hex").asString());

    private static AkPublic trusteeAk() throws EvidenceFormatException {
        return AkPublic.fromSubjectPublicKeyInfo(Base64.getDecoder().decode(TRUSTEE.get("ak_public").asString()));
    }

    private static TpmEvidence trusteeTpm(byte[] message) throws EvidenceFormatException {
        JsonNode quote = TRUSTEE.get("tpm_quote");
        TreeMap<Integer, byte[]> pcrs = new TreeMap<>();
        for (int i = 0; i < quote.get("pcrs").size(); i++) {
            pcrs.put(i, hex(quote.get("pcrs").get(i).asString()));
        }
        return new TpmEvidence(TpmsAttest.parse(message),
                TpmtSignature.parse(Base64.getDecoder().decode(quote.get("signature").asString())),
                List.of(new PcrBank(TpmHash.SHA256, pcrs)), Optional.empty(), Optional.of(trusteeAk()));
    }

    private static byte[] trusteeMessage() {
        return Base64.getDecoder().decode(TRUSTEE.get("tpm_quote").get("message").asString());
    }

    @Test
    void verifyWhenTrusteeTpmEvidenceAndPinnedAkThenTrusteeClaimNames() throws Exception {
        VerifiedClaims claims = EvidenceVerifiers.verify(trusteeTpm(trusteeMessage()), Expectations.at(NOW)
                .reportData(ExpectedReportData.exactly(TRUSTEE_NONCE)).trustedAk(trusteeAk()).build());

        assertThat(claims.tee()).isEqualTo(Tee.TPM);
        assertThat(claims.flat())
                .containsEntry("tpm.pcr17", "ff".repeat(32))
                .containsEntry("tpm.sha256.pcr17", "ff".repeat(32))
                .containsEntry("tpm.ak_public", TRUSTEE.get("ak_public").asString())
                .containsEntry("tpm.firmware_version", "2019102300163636")
                .containsEntry("report_data", java.util.HexFormat.of().formatHex(TRUSTEE_NONCE))
                .containsEntry("init_data", TRUSTEE.get("tpm_quote").get("pcrs").get(8).asString());
        assertThat(claims.flat().keySet().stream().filter(k -> k.matches("tpm\\.pcr\\d\\d"))).hasSize(24);
        assertThat(claims.uncheckedItems()).isEmpty();
        assertThat(claims.typed()).isInstanceOfSatisfying(TeeClaims.Tpm.class,
                t -> assertThat(t.pcrs().indices(TpmHash.SHA256)).hasSize(24));
    }

    @Test
    void verifyWhenPinnedAkDiffersFromAttesterAkThenKeyMismatch() throws Exception {
        AkPublic other = AkPublic.parse(bytes(GCE + "ak_pub.tpmt_public.bin"));

        assertThatThrownBy(() -> EvidenceVerifiers.verify(trusteeTpm(trusteeMessage()), Expectations.at(NOW)
                .reportData(ExpectedReportData.exactly(TRUSTEE_NONCE)).trustedAk(other).build()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISMATCH));
    }

    @Test
    void verifyWhenTpmNonceDiffersThenNonceMismatch() throws Exception {
        assertThatThrownBy(() -> EvidenceVerifiers.verify(trusteeTpm(trusteeMessage()), Expectations.at(NOW)
                .reportData(ExpectedReportData.exactly(flip(TRUSTEE_NONCE, 3))).trustedAk(trusteeAk()).build()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NONCE_MISMATCH));
    }

    @Test
    void verifyWhenTpmMessageByteFlippedThenSignatureInvalid() throws Exception {
        byte[] message = flip(trusteeMessage(), trusteeMessage().length - 1);

        assertThatThrownBy(() -> EvidenceVerifiers.verify(trusteeTpm(message), Expectations.at(NOW)
                .reportData(ExpectedReportData.exactly(TRUSTEE_NONCE)).trustedAk(trusteeAk()).build()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    @Test
    void verifyWhenNoPinnedAkThenIllegalState() throws Exception {
        TpmEvidence evidence = trusteeTpm(trusteeMessage());
        Expectations noAk = Expectations.at(NOW).reportData(ExpectedReportData.exactly(TRUSTEE_NONCE)).build();

        assertThatThrownBy(() -> EvidenceVerifiers.verify(evidence, noAk))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trustedAk");
    }

    // ---- TPM with an event log: GCE COS-85 vTPM, SHA-256 quote, nonce 9009

    private static TpmEvidence gce(byte[] eventLog) throws EvidenceFormatException {
        return gce(TpmHash.SHA256, eventLog);
    }

    /** The GCE capture has one quote per bank; {@code bank} picks which. */
    private static TpmEvidence gce(TpmHash bank, byte[] eventLog) throws EvidenceFormatException {
        JsonNode pcrsJson = json(GCE + "EXPECTED.json").get("quotes").get(bank.label()).get("pcrs");
        TreeMap<Integer, byte[]> pcrs = new TreeMap<>();
        pcrsJson.properties().forEach(e -> pcrs.put(Integer.parseInt(e.getKey()), hex(e.getValue().asString())));
        String prefix = GCE + "quote_" + bank.label();
        return new TpmEvidence(TpmsAttest.parse(bytes(prefix + ".tpms_attest.bin")),
                TpmtSignature.parse(bytes(prefix + ".tpmt_signature.bin")),
                List.of(new PcrBank(bank, pcrs)), Optional.of(EventLog.parse(eventLog)), Optional.empty());
    }

    private static Expectations gceExpectations() throws EvidenceFormatException {
        return Expectations.at(NOW).reportData(ExpectedReportData.exactly(hex("9009")))
                .trustedAk(AkPublic.parse(bytes(GCE + "ak_pub.tpmt_public.bin"))).build();
    }

    @Test
    void verifyWhenGceQuoteWithEventLogThenSecureBootClaimAndVerifiedEvents() throws Exception {
        VerifiedClaims claims = EvidenceVerifiers.verify(gce(bytes(GCE + "event_log.bin")), gceExpectations());

        assertThat(claims.flat()).containsEntry("tpm.secure_boot.enabled", true).containsEntry("tpm.reset_count", 10L);
        TeeClaims.Tpm tpm = (TeeClaims.Tpm) claims.typed();
        assertThat(tpm.events()).hasValueSatisfying(v -> assertThat(v.isVerified(7)).isTrue());
        assertThat(tpm.secureBoot()).hasValueSatisfying(sb -> assertThat(sb.enabled()).isTrue());
    }

    @Test
    void verifyWhenGceSha384QuoteWithEventLogThenSha384ClaimsOnlyAndLogReplayedInThatBank() throws Exception {
        VerifiedClaims claims = EvidenceVerifiers.verify(gce(TpmHash.SHA384, bytes(GCE + "event_log.bin")),
                gceExpectations());

        assertThat(claims.flat()).containsKey("tpm.sha384.pcr07").doesNotContainKey("tpm.pcr07")
                .doesNotContainKey("init_data");
        TeeClaims.Tpm tpm = (TeeClaims.Tpm) claims.typed();
        assertThat(tpm.events().orElseThrow().verifiedPcrs()).containsOnlyKeys(DigestAlgorithm.SHA384);
    }

    @Test
    void verifyWhenGceEventLogDigestFlippedThenReplayMismatch() throws Exception {
        EventLog log = EventLog.parse(bytes(GCE + "event_log.bin"));
        // flip the first byte of a PCR7 event's SHA-256 digest: the log still parses, its replay no longer matches
        TcgEvent pcr7 = log.unverifiedEvents().stream().filter(e -> e.pcrIndex() == 7).findFirst().orElseThrow();
        int at = pcr7.offset() + 12; // pcrIndex, eventType, digests.count
        for (EventDigest d : pcr7.digests()) {
            if (d.algorithm().equals(DigestAlgorithm.SHA256)) {
                break;
            }
            at += 2 + d.algorithm().size();
        }
        byte[] tampered = flip(bytes(GCE + "event_log.bin"), at + 2);

        assertThatThrownBy(() -> EvidenceVerifiers.verify(gce(tampered), gceExpectations()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EVENT_LOG_REPLAY_MISMATCH));
    }

    // ---- SNP: go-sev-guest's Milan v2 report with its VCEK and ASK/ARK

    private static SnpEvidence goSevGuest(byte[] report) throws EvidenceFormatException {
        return new SnpEvidence(SnpReport.parse(report),
                Optional.of(SnpCertificates.of(bytes(GO_SEV + "vcek.testcer"), bytes(GO_SEV + "milan.testcer"))));
    }

    private static final byte[] GO_SEV_REPORT_DATA = hex("0102030405" + "00".repeat(59));

    @Test
    void verifyWhenSnpReportAndExpectedReportDataThenSnpClaims() throws Exception {
        VerifiedClaims claims = EvidenceVerifiers.verify(goSevGuest(bytes(GO_SEV + "attestation.bin")),
                Expectations.at(NOW).reportData(ExpectedReportData.exactly(GO_SEV_REPORT_DATA)).build());

        assertThat(claims.flat())
                .containsEntry("snp.measurement", "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01")
                .containsEntry("snp.reported_tcb_bootloader", 2L)
                .containsEntry("snp.reported_tcb_snp", 5L)
                .containsEntry("snp.reported_tcb_microcode", 68L)
                .containsEntry("report_data", "0102030405" + "00".repeat(59))
                .containsEntry("init_data", "00".repeat(32));
        assertThat(claims.nested()).extractingByKey("snp").asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("measurement");
    }

    @Test
    void verifyWhenSnpReportDataDiffersThenReportDataMismatch() throws Exception {
        assertThatThrownBy(() -> EvidenceVerifiers.verify(goSevGuest(bytes(GO_SEV + "attestation.bin")),
                Expectations.at(NOW).reportData(ExpectedReportData.exactly(flip(GO_SEV_REPORT_DATA, 63))).build()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REPORT_DATA_MISMATCH));
    }

    @Test
    void verifyWhenSnpMeasurementByteFlippedThenSignatureInvalid() throws Exception {
        byte[] report = flip(bytes(GO_SEV + "attestation.bin"), 0x90);

        assertThatThrownBy(() -> EvidenceVerifiers.verify(goSevGuest(report),
                Expectations.at(NOW).reportData(ExpectedReportData.exactly(GO_SEV_REPORT_DATA)).build()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    // ---- TDX: the v5 sample with its collateral; COS-113 with its CCEL log

    private static final Instant FEB_2026 = Instant.parse("2026-02-10T00:00:00Z");

    private static TdxCollateral v5Collateral() throws EvidenceFormatException {
        return TdxCollateral.fromPcsResponses(bytes(GO_TDX + "sample_tcbinfo_response_v5"),
                bytes(TRUSTEE_TDX + "enclaveIdentity.json"), bytes(INTEL_ROOTS + "dcap-qvl/tcb_info_issuer_chain.pem"));
    }

    @Test
    void verifyWhenTdxV5QuoteWithCollateralThenTrusteeTdxClaims() throws Exception {
        TdxEvidence evidence = new TdxEvidence(TdxQuote.parse(bytes(GO_TDX + "quote_v5_sample.dat")), Optional.empty());

        VerifiedClaims claims = EvidenceVerifiers.verify(evidence, Expectations.at(FEB_2026)
                .reportData(ExpectedReportData.notChecked("captured sample, its nonce is unknown"))
                .tdxCollateral(v5Collateral())
                .tdxPolicy(TdxVerificationPolicy.defaults().allowingExpiredCollateral("captured QE identity is old"))
                .build());

        JsonNode body = json(GO_TDX + "EXPECTED.json").get("quotes").get(1).get("body");
        assertThat(claims.flat())
                .containsEntry("tdx.quote.body.mr_td", body.get("mrtd").asString())
                .containsEntry("tdx.quote.body.rtmr_0", body.get("rtmr0").asString())
                .containsEntry("tdx.tcb_status", "UpToDate")
                .containsEntry("report_data", body.get("report_data").asString())
                .doesNotContainKey("tdx.report_data");
        assertThat(claims.uncheckedItems()).anyMatch(s -> s.contains("captured sample"))
                .anyMatch(s -> s.contains("captured QE identity is old"));
    }

    @Test
    void verifyWhenTdxQuoteWithoutCollateralOrReasonThenIllegalState() throws Exception {
        TdxEvidence evidence = new TdxEvidence(TdxQuote.parse(bytes(GO_TDX + "quote_v5_sample.dat")), Optional.empty());

        assertThatThrownBy(() -> EvidenceVerifiers.verify(evidence, Expectations.at(FEB_2026)
                .reportData(ExpectedReportData.notChecked("captured sample")).build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("withoutTdxCollateral");
    }

    private static TdxEvidence cos113(byte[] ccel) throws EvidenceFormatException {
        return new TdxEvidence(TdxQuote.parseFromBuffer(bytes(GO_TDX + "ccel_cos-113-tdx-quote.dat")),
                Optional.of(CcEventLog.parse(ccel)));
    }

    private static Expectations cos113Expectations() {
        return Expectations.at(Instant.parse("2024-08-01T00:00:00Z"))
                .reportData(ExpectedReportData.exactly(bytes(GO_TDX + "ccel_nonce.dat")))
                .withoutTdxCollateral("no collateral was captured with this quote")
                .build();
    }

    @Test
    void verifyWhenTdxQuoteWithCcelThenEventsReplayToRtmrs() throws Exception {
        VerifiedClaims claims = EvidenceVerifiers.verify(cos113(bytes(GO_TDX + "ccel_ccel_data.dat")), cos113Expectations());

        assertThat(((TeeClaims.Tdx) claims.typed()).events()).hasValueSatisfying(e -> assertThat(e.events()).isNotEmpty());
        assertThat(claims.uncheckedItems()).anyMatch(s -> s.contains("no collateral was captured"));
        assertThat(claims.flat()).doesNotContainKey("tdx.tcb_status");
    }

    @Test
    void verifyWhenTdxCcelEventDigestFlippedThenReplayMismatch() throws Exception {
        byte[] area = bytes(GO_TDX + "ccel_ccel_data.dat");
        CcEventLog log = CcEventLog.parse(area);
        var event = log.unverifiedEvents().stream().filter(e -> e.pcrIndex() == 2).findFirst().orElseThrow();
        byte[] tampered = flip(area, event.offset() + 8 + 4 + 2);

        assertThatThrownBy(() -> EvidenceVerifiers.verify(cos113(tampered), cos113Expectations()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EVENT_LOG_REPLAY_MISMATCH));
    }

    // ---- dispatch

    @Test
    void forTeeWhenEvidenceOfAnotherTeeThenIllegalArgument() throws Exception {
        SnpEvidence snp = goSevGuest(bytes(GO_SEV + "attestation.bin"));

        assertThatThrownBy(() -> EvidenceVerifiers.forTee(Tee.TDX).verify(snp, cos113Expectations()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snp evidence");
    }

    @Test
    void forTeeWhenEachImplementedTeeThenVerifierOfThatTee() {
        for (Tee tee : List.of(Tee.TPM, Tee.SNP, Tee.TDX)) {
            assertThat(EvidenceVerifiers.forTee(tee).tee()).isEqualTo(tee);
        }
    }

    @Test
    void fromTrusteeNameWhenEveryTeeThenRoundTrips() throws Exception {
        for (Tee tee : Tee.values()) {
            assertThat(Tee.fromTrusteeName(tee.trusteeName())).isEqualTo(tee);
        }
        assertThat(Tee.AZ_SNP_VTPM.trusteeName()).isEqualTo("az-snp-vtpm");
    }

    @Test
    void fromTrusteeNameWhenSampleOrUnknownThenEvidenceFormatException() {
        for (String name : List.of("sample", "sgx", "TPM", "")) {
            assertThatThrownBy(() -> Tee.fromTrusteeName(name)).isInstanceOf(EvidenceFormatException.class);
        }
    }

    @Test
    void nestedWhenFlatKeysShareAPrefixThenNestedMaps() throws Exception {
        VerifiedClaims claims = EvidenceVerifiers.verify(trusteeTpm(trusteeMessage()), Expectations.at(NOW)
                .reportData(ExpectedReportData.exactly(TRUSTEE_NONCE)).trustedAk(trusteeAk()).build());

        @SuppressWarnings("unchecked")
        Map<String, Object> tpm = (Map<String, Object>) claims.nested().get("tpm");
        assertThat(tpm).containsEntry("pcr17", "ff".repeat(32)).containsKey("sha256");
        assertThat(claims.nested()).containsKey("report_data");
    }
}

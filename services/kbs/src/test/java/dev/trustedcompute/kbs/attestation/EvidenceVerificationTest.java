package dev.trustedcompute.kbs.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.kbs.KbsProperties;
import dev.trustedcompute.kbs.protocol.KbsError;
import dev.trustedcompute.kbs.referencevalues.ReferenceValueProvider;
import dev.trustedcompute.servicekit.error.ServiceException;
import dev.trustedcompute.tpmquote.SnpEvidence;
import dev.trustedcompute.tpmquote.Tee;
import dev.trustedcompute.tpmquote.TrusteeEvidence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trustee's captured evidence through KBS's attestation layer (parse with the library's Trustee parsers, bind to the
 * runtime-data digest the evidence was made for, add the trust inputs, verify, shape the claims), for every TEE the
 * captures cover, and the sample TEE. Each positive case has negative twins: one byte of the binding changed, the
 * evidence tampered, a trust input missing.
 *
 * <p>The digest each capture was made for is the one its freshness field holds: Azure's whole 48 bytes, the first
 * 32 bytes of the SNP report's REPORT_DATA (the rest is zero padding), all 64 bytes of the TDX quotes' REPORTDATA.
 */
class EvidenceVerificationTest {

    private static final HexFormat HEX = HexFormat.of();
    /** Inside the validity of every captured certificate chain (VCEKs to 2030, PCK certificates to 2030/2031). */
    private static final Clock CAPTURE_TIME = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    /** SHA-384 of the runtime data Trustee's test made az-snp-vtpm evidence-v2.json for. */
    private static final byte[] AZ_SNP_DIGEST = HEX.parseHex(
            "982f5c6e45df0ed3f10b6f60b02f0c8390e281300f3805e2279c16168cd6ae9aa398f647caa2338748cd0fd9f5f819ef");
    /** Trustee's snp/test-report.bin: REPORT_DATA is this 32-byte digest followed by 32 zero bytes. */
    private static final byte[] SNP_DIGEST = HEX.parseHex(
            "ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed08c14400ad7e2");
    /** REPORTDATA of Trustee's tdx_quote_4.dat (EXPECTED.json). */
    private static final byte[] TDX4_DIGEST = HEX.parseHex("7c71fe2c86eff65a7cf8dbc22b3275689fd0464a267baced1bf94fc1"
            + "324656aeb755da3d44d098c0c87382f3a5f85b45c8a28fee1d3bdb38342bf96671501429");
    /** REPORTDATA of Trustee's tdx_quote_5.dat (EXPECTED.json). */
    private static final byte[] TDX5_DIGEST = HEX.parseHex("6d6ab13b046cff606ac0074be13981b07b6325dba10b5facc96febf5"
            + "51c0c3be2b75f92fe1f88f4bb996969ad0174b4b7a70261b7b85c844f4b33a4674fd049f");
    /** REPORTDATA of go-tdx-guest's quote_v5_sample.dat, the capture the TCB Info in the collateral bundle rates. */
    private static final byte[] V5_SAMPLE_DIGEST = HEX.parseHex("945eaacf5abc1f719d8666a942fda03d1edcb4490277396093dc5a"
            + "5289ab9f1e094aed63060cd4a4933a4dd537ed1255c9c79ecb3ed82cd1b486233e31c25c3a");
    /** TCB Info and QE identity for FMSPC 90c06f000000, the platform of both v5 quotes (see PROVENANCE.md). */
    private static final String COLLATERAL_90C06F = "evidence/tdx/collateral-90c06f000000.json";

    private final JsonMapper json = JsonMapper.builder().build();
    private final EvidenceVerification verification = verification(names -> Map.of(), noCollateral());

    @TempDir
    Path temp;

    // ---- az-snp-vtpm -------------------------------------------------------------------------------------------

    @Test
    void verifyWhenAzureSnpEvidenceForItsRuntimeDataThenTrusteeClaims() {
        VerifiedEvidence evidence = verification.verify("az-snp-vtpm", resource("evidence/az-snp-vtpm/evidence-v2.json"),
                AZ_SNP_DIGEST);

        assertThat(evidence.tee()).isEqualTo("az-snp-vtpm");
        assertThat(evidence.reportData()).isEqualTo(HEX.formatHex(AZ_SNP_DIGEST));
        @SuppressWarnings("unchecked")
        Map<String, Object> tpm = (Map<String, Object>) evidence.claims().get("tpm");
        assertThat(tpm).hasSize(24).containsKey("pcr11");
        assertThat(evidence.claims()).containsEntry("reported_tcb_snp", "24").containsKey("measurement");
    }

    @Test
    void verifyWhenAzureSnpEvidenceForOtherRuntimeDataThenRejected() {
        assertRejected(() -> verification.verify("az-snp-vtpm", resource("evidence/az-snp-vtpm/evidence-v2.json"),
                flipLast(AZ_SNP_DIGEST)));
    }

    @Test
    void verifyWhenAzureEvidenceTamperedThenRejectedOrMalformed() {
        String text = new String(resource("evidence/az-snp-vtpm/evidence-v2.json"), StandardCharsets.UTF_8);
        int signature = text.indexOf("\"signature\":\"") + "\"signature\":\"".length();
        char c = text.charAt(signature + 100);
        String tampered = text.substring(0, signature + 100) + (c == '0' ? '1' : '0') + text.substring(signature + 101);

        assertRejected(() -> verification.verify("az-snp-vtpm", tampered.getBytes(StandardCharsets.UTF_8), AZ_SNP_DIGEST));
        assertThatThrownBy(() -> verification.verify("az-snp-vtpm", "{\"version\":2}".getBytes(StandardCharsets.UTF_8),
                AZ_SNP_DIGEST)).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.errorCode()).isEqualTo(KbsError.MALFORMED_REQUEST));
    }

    // ---- snp ---------------------------------------------------------------------------------------------------

    @Test
    void snpFixtureWhenParsedThenExactlyTheCapturedReport() throws Exception {
        SnpEvidence evidence = (SnpEvidence) TrusteeEvidence.parse(Tee.SNP, resource("evidence/snp/evidence.json"));

        assertThat(evidence.report().rawBytes()).isEqualTo(resource("evidence/snp/test-report.bin"));
        assertThat(evidence.certificates()).isPresent();
    }

    @Test
    void verifyWhenTrusteeSnpEvidenceForItsRuntimeDataThenTypedSnpClaims() {
        VerifiedEvidence evidence = verification.verify("snp", resource("evidence/snp/evidence.json"), SNP_DIGEST);

        assertThat(evidence.tee()).isEqualTo("snp");
        assertThat(evidence.reportData()).isEqualTo(HEX.formatHex(Arrays.copyOf(SNP_DIGEST, 64)));
        assertThat(evidence.claims())
                .containsEntry("measurement", "a1f3930413247bb38cfc171579ea3c12d5fe4901f0c792f63fd75d98f1ef827c2350064"
                        + "4e0e692e6be917f9050d3d38c")
                .containsEntry("reported_tcb_bootloader", 3L).containsEntry("reported_tcb_microcode", 115L)
                .containsEntry("policy_debug_allowed", false);
    }

    @Test
    void verifyWhenSnpEvidenceForOtherRuntimeDataThenRejected() {
        assertRejected(() -> verification.verify("snp", resource("evidence/snp/evidence.json"), flipLast(SNP_DIGEST)));
    }

    @Test
    void verifyWhenSnpMeasurementTamperedThenRejected() {
        String text = new String(resource("evidence/snp/evidence.json"), StandardCharsets.UTF_8);
        int at = text.indexOf("\"measurement\":[") + "\"measurement\":[".length();
        int end = text.indexOf(',', at);
        String tampered = text.substring(0, at) + ((Integer.parseInt(text.substring(at, end)) + 1) % 256)
                + text.substring(end);

        assertRejected(() -> verification.verify("snp", tampered.getBytes(StandardCharsets.UTF_8), SNP_DIGEST))
                .hasMessageContaining("signature");
    }

    @Test
    void verifyWhenSnpEvidenceWithoutCertChainThenRejectedNamingTheMissingVcek() {
        String text = new String(resource("evidence/snp/evidence.json"), StandardCharsets.UTF_8);
        String withoutChain = text.substring(0, text.indexOf(",\"cert_chain\":")) + ",\"cert_chain\":null}";

        assertRejected(() -> verification.verify("snp", withoutChain.getBytes(StandardCharsets.UTF_8), SNP_DIGEST))
                .hasMessageContaining("cert_chain");
    }

    // ---- tdx -------------------------------------------------------------------------------------------------------

    @Test
    void verifyWhenTrusteeTdxQuoteWithoutCollateralThenTrusteeClaimsAndTcbStatusUnchecked() {
        VerifiedEvidence evidence = verification.verify("tdx", tdxEvidence("evidence/tdx/tdx_quote_4.dat"), TDX4_DIGEST);

        JsonNode expected = json.readTree(resource("evidence/tdx/parse_tdx_claims_expected.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) ((Map<String, Object>) evidence.claims().get("quote")).get("body");
        expected.get("quote").get("body").properties().forEach(e ->
                assertThat(body).as(e.getKey()).containsEntry(e.getKey(), e.getValue().asString()));
        assertThat(evidence.claims().get("td_attributes")).isEqualTo(
                json.convertValue(expected.get("td_attributes"), Map.class));
        assertThat(evidence.claims()).doesNotContainKey("tcb_status");
        assertThat(evidence.reportData()).isEqualTo(expected.get("report_data").asString());
        assertThat(evidence.uncheckedItems()).anySatisfy(item ->
                assertThat(item).contains("TCB status").contains("tc.kbs.tdx.collateral-files"));
    }

    @Test
    void verifyWhenTdxQuoteForOtherRuntimeDataThenRejected() {
        assertRejected(() -> verification.verify("tdx", tdxEvidence("evidence/tdx/tdx_quote_4.dat"), flipLast(TDX4_DIGEST)));
    }

    @Test
    void verifyWhenTdxQuoteBodyTamperedThenRejected() {
        byte[] quote = resource("evidence/tdx/tdx_quote_4.dat");
        quote[48 + 136] ^= 1; // a byte of MRTD in the signed TD report body

        assertRejected(() -> verification.verify("tdx", tdxEvidence(quote), TDX4_DIGEST));
    }

    @Test
    void verifyWhenTdxCollateralForThePlatformThenTcbStatusClaimAndExpiryReported() {
        EvidenceVerification withCollateral = verification(names -> Map.of(), collateral(Set.of(), "test: captured collateral"));

        VerifiedEvidence evidence = withCollateral.verify("tdx", tdxEvidence("evidence/tdx/quote_v5_sample.dat"),
                V5_SAMPLE_DIGEST);

        assertThat(evidence.claims()).containsEntry("tcb_status", "UpToDate")
                .containsEntry("collateral_expiration_status", "1").containsEntry("fmspc", "90c06f000000");
        assertThat(evidence.uncheckedItems()).noneSatisfy(item -> assertThat(item).contains("TCB status (caller"));
        assertThat(String.join("\n", evidence.uncheckedItems())).contains("test: captured collateral");
    }

    @Test
    void verifyWhenTdxCollateralExpiredAndNotAllowedThenRejected() {
        EvidenceVerification strict = verification(names -> Map.of(), collateral(Set.of(), null));

        assertRejected(() -> strict.verify("tdx", tdxEvidence("evidence/tdx/quote_v5_sample.dat"), V5_SAMPLE_DIGEST))
                .hasMessageContaining("COLLATERAL_EXPIRED");
    }

    @Test
    void verifyWhenTdxStatusNotAcceptedThenRejected() {
        EvidenceVerification onlyOutOfDate = verification(names -> Map.of(), collateral(Set.of("OutOfDate"), "test"));

        assertRejected(() -> onlyOutOfDate.verify("tdx", tdxEvidence("evidence/tdx/quote_v5_sample.dat"),
                V5_SAMPLE_DIGEST)).hasMessageContaining("UpToDate");
    }

    @Test
    void verifyWhenTrusteeTdxQuoteBelowEveryTcbLevelOfItsPlatformThenRejected() {
        EvidenceVerification withCollateral = verification(names -> Map.of(), collateral(Set.of(), "test"));

        assertRejected(() -> withCollateral.verify("tdx", tdxEvidence("evidence/tdx/tdx_quote_5.dat"), TDX5_DIGEST))
                .hasMessageContaining("no TCB level");
    }

    @Test
    void verifyWhenTdxCollateralConfiguredButNotForThePlatformThenRejected() {
        EvidenceVerification other = verification(names -> Map.of(), collateral(Set.of(), "test"));

        assertRejected(() -> other.verify("tdx", tdxEvidence("evidence/tdx/tdx_quote_4.dat"), TDX4_DIGEST))
                .hasMessageContaining("FMSPC 50806f000000");
    }

    @Test
    void tdxCollateralStoreWhenFileUnusableOrStatusMisspelledThenStartFails() throws IOException {
        Path broken = Files.writeString(temp.resolve("broken.json"), "{\"tcb_info\":1}");

        assertThatThrownBy(() -> new TdxCollateralStore(properties(new KbsProperties.Tdx(List.of(broken), null, null))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("broken.json");
        assertThatThrownBy(() -> new TdxCollateralStore(properties(new KbsProperties.Tdx(null, Set.of("uptodate"), null))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("UpToDate");
    }

    // ---- tpm -------------------------------------------------------------------------------------------------------

    @Test
    void verifyWhenTpmAkNotInTrustedAksThenRejectedBeforeTheQuoteIsUsed() {
        assertRejected(() -> verification.verify("tpm", resource("evidence/tpm/tpm_evidence.json"), new byte[48]))
                .hasMessageContaining("trusted_aks");
    }

    @Test
    void verifyWhenTpmAkTrustedButQuoteMadeForOtherRuntimeDataThenRejected() {
        byte[] evidence = resource("evidence/tpm/tpm_evidence.json");
        String ak = json.readTree(evidence).get("ak_public").asString();
        EvidenceVerification trusting = verification(
                names -> Map.of(TrustedAks.TRUSTED_AKS, List.of("bm90IGFuIGFr", ak)), noCollateral());

        assertRejected(() -> trusting.verify("tpm", evidence, new byte[48])).message().doesNotContain("trusted_aks");
    }

    // ---- sample and unknown TEEs ---------------------------------------------------------------------------------

    @Test
    void verifyWhenSampleReportDataIsTheDigestThenFixedSampleClaims() {
        byte[] digest = new byte[48];
        digest[0] = 7;
        String evidence = "{\"svn\":\"1\",\"report_data\":\"" + Base64.getEncoder().encodeToString(digest) + "\"}";

        VerifiedEvidence verified = verification.verify("sample", evidence.getBytes(StandardCharsets.UTF_8), digest);

        assertThat(verified.claims()).containsEntry("launch_digest", "abcde").containsEntry("debug", false)
                .containsEntry("svn", "1");
        assertThat(verified.uncheckedItems()).singleElement().asString().contains("no hardware signature");
    }

    @Test
    void verifyWhenSampleReportDataDiffersThenRejected() {
        String evidence = "{\"svn\":\"1\",\"report_data\":\"" + Base64.getEncoder().encodeToString(new byte[32]) + "\"}";

        assertRejected(() -> verification.verify("sample", evidence.getBytes(StandardCharsets.UTF_8), new byte[48]));
    }

    @Test
    void verifyWhenUnknownTeeThenUnsupported() {
        assertThatThrownBy(() -> verification.verify("sgx", "{}".getBytes(StandardCharsets.UTF_8), new byte[48]))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(KbsError.UNSUPPORTED_TEE));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private EvidenceVerification verification(ReferenceValueProvider referenceValues, TdxCollateralStore collateral) {
        return new EvidenceVerification(CAPTURE_TIME, json, new TrustedAks(referenceValues), collateral);
    }

    private static TdxCollateralStore noCollateral() {
        return new TdxCollateralStore(properties(new KbsProperties.Tdx(null, null, null)));
    }

    private TdxCollateralStore collateral(Set<String> statuses, String expiredAllowance) {
        try {
            Path bundle = temp.resolve("collateral.json");
            Files.write(bundle, resource(COLLATERAL_90C06F));
            return new TdxCollateralStore(properties(new KbsProperties.Tdx(List.of(bundle), statuses, expiredAllowance)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KbsProperties properties(KbsProperties.Tdx tdx) {
        return new KbsProperties(null, false, null, null, null, null, null, null, tdx);
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
            ThrowingCallable call) {
        return assertThatThrownBy(call).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.errorCode()).isEqualTo(KbsError.EVIDENCE_REJECTED));
    }

    /** Trustee {@code tdx} evidence for a captured quote, without an event log. */
    private static byte[] tdxEvidence(String quoteResource) {
        return tdxEvidence(resource(quoteResource));
    }

    private static byte[] tdxEvidence(byte[] quote) {
        return ("{\"cc_eventlog\":null,\"quote\":\"" + Base64.getEncoder().encodeToString(quote) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] flipLast(byte[] digest) {
        byte[] other = digest.clone();
        other[other.length - 1] ^= 1;
        return other;
    }

    private static byte[] resource(String path) {
        try (InputStream in = EvidenceVerificationTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

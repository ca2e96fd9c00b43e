package dev.trustedcompute.tpmquote.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Every command in-process on captured evidence: the JSON on stdout and the exit code, with negative twins. */
class TpmQuoteCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVIDENCE = resources().resolve("evidence");
    private static final Path GCE = EVIDENCE.resolve("A_tpm_quotes/go-tpm-tools/gce-cos-85-nonce9009");
    private static final Path LOGS = EVIDENCE.resolve("A_tpm_eventlogs/go-tpm-tools");
    private static final Path GO_TDX = EVIDENCE.resolve("C_tdx/go-tdx-guest");
    private static final Path VIRTEE = EVIDENCE.resolve("B_sev_snp/virtee-sev");
    private static final Path AZ_SNP = EVIDENCE.resolve("D_azure_vtpm/trustee/az-snp-vtpm");
    private static final Path AZ_TDX = EVIDENCE.resolve("D_azure_vtpm/trustee/az-tdx-vtpm");
    /** Inside the validity of the Azure evidence's VCEKs and PCK certificate. */
    private static final String AZURE_AT = "2025-06-01T00:00:00Z";

    @TempDir
    Path tmp;

    private static Path resources() {
        try {
            return Paths.get(TpmQuoteCliTest.class.getClassLoader().getResource("evidence").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exit code and the single JSON object printed on stdout. */
    private record Run(int exit, JsonNode json, String stdout) {
    }

    private static Run run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] argv = java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        int exit = TpmQuoteCli.run(new PrintWriter(out), new PrintWriter(err), argv);
        String stdout = out.toString();
        assertThat(stdout.lines()).as("exactly one line of JSON on stdout; stderr: %s", err).hasSize(1);
        return new Run(exit, JSON.readTree(stdout), stdout);
    }

    private static JsonNode expected(Path file) throws IOException {
        return JSON.readTree(Files.readAllBytes(file));
    }

    // ---- eventlog

    @Test
    void eventlogWhenCryptoAgileLogThenPcrsSecureBootAndExitZero() throws Exception {
        JsonNode pcrs = expected(LOGS.resolve("EXPECTED.json")).get("logs").get("rhel8-uefi.bin").get("repo_stated_pcrs");

        Run r = run("eventlog", "--file", LOGS.resolve("rhel8-uefi.bin"));

        assertThat(r.exit()).isZero();
        assertThat(r.json().get("format").asString()).isEqualTo("crypto-agile");
        assertThat(r.json().get("events").asInt()).isEqualTo(83);
        assertThat(r.json().get("pcrs").get("sha256").get("7").asString()).isEqualTo(pcrs.get("SHA256").get("7").asString());
        assertThat(r.json().get("pcrs").get("sha1").get("0").asString()).isEqualTo(pcrs.get("SHA1").get("0").asString());
        assertThat(r.json().get("secureBoot").get("enabled").asBoolean()).isTrue();
        assertThat(r.json().has("valid")).isFalse();
    }

    @Test
    void eventlogWhenLegacySha1LogThenSha1Format() {
        Run r = run("eventlog", "--file", LOGS.resolve("debian-10.bin"));

        assertThat(r.exit()).isZero();
        assertThat(r.json().get("format").asString()).isEqualTo("sha1");
        assertThat(r.json().get("pcrs").has("sha256")).isFalse();
    }

    @Test
    void eventlogWhenPcrsJsonMatchesThenValid() throws Exception {
        JsonNode pcrs = expected(LOGS.resolve("EXPECTED.json")).get("logs").get("rhel8-uefi.bin").get("repo_stated_pcrs");
        Path file = tmp.resolve("pcrs.json");
        Files.writeString(file, JSON.writeValueAsString(Map.of("sha256", pcrs.get("SHA256"))));

        Run r = run("eventlog", "--file", LOGS.resolve("rhel8-uefi.bin"), "--pcrs-json", file);

        assertThat(r.exit()).isZero();
        assertThat(r.json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void eventlogWhenPcrsJsonDiffersInPcr7ThenExitOneNamingIt() throws Exception {
        Path file = tmp.resolve("pcrs.json");
        Files.writeString(file, "{\"sha256\":{\"7\":\"" + "00".repeat(32) + "\"}}");

        Run r = run("eventlog", "--file", LOGS.resolve("rhel8-uefi.bin"), "--pcrs-json", file);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().get("valid").asBoolean()).isFalse();
        assertThat(r.json().get("reason").asString()).isEqualTo("EVENT_LOG_REPLAY_MISMATCH");
        assertThat(r.json().get("mismatches").get(0).get("pcr").asInt()).isEqualTo(7);
    }

    @Test
    void eventlogWhenTruncatedLogThenExitTwoWithFieldAndOffset() throws Exception {
        byte[] log = Files.readAllBytes(LOGS.resolve("rhel8-uefi.bin"));
        Path file = tmp.resolve("truncated.bin");
        Files.write(file, java.util.Arrays.copyOf(log, log.length - 7));

        Run r = run("eventlog", "--file", file);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.json().get("error").asString()).isNotBlank();
        assertThat(r.json().has("field")).isTrue();
        assertThat(r.json().has("offset")).isTrue();
    }

    // ---- quote

    private Path gcePcrs() throws IOException {
        Path file = tmp.resolve("gce-pcrs.json");
        JsonNode pcrs = expected(GCE.resolve("EXPECTED.json")).get("quotes").get("sha256").get("pcrs");
        Files.writeString(file, JSON.writeValueAsString(Map.of("sha256", pcrs)));
        return file;
    }

    @Test
    void quoteWhenGceQuoteAndNonceThenValidWithResetCount() throws Exception {
        Run r = run("quote", "--ak", GCE.resolve("ak_pub.tpmt_public.bin"),
                "--attest", GCE.resolve("quote_sha256.tpms_attest.bin"), "--sig", GCE.resolve("quote_sha256.tpmt_signature.bin"),
                "--pcrs-json", gcePcrs(), "--nonce", "9009");

        assertThat(r.exit()).isZero();
        assertThat(r.json().get("valid").asBoolean()).isTrue();
        assertThat(r.json().get("nonce").asString()).isEqualTo("9009");
        assertThat(r.json().get("resetCount").asInt()).isEqualTo(10);
        assertThat(r.json().get("pcrDigest").asString()).hasSize(64);
        assertThat(r.json().get("nonceChecked").asBoolean()).isTrue();
    }

    @Test
    void quoteWhenOtherNonceThenExitOneNonceMismatch() throws Exception {
        Run r = run("quote", "--ak", GCE.resolve("ak_pub.tpmt_public.bin"),
                "--attest", GCE.resolve("quote_sha256.tpms_attest.bin"), "--sig", GCE.resolve("quote_sha256.tpmt_signature.bin"),
                "--pcrs-json", gcePcrs(), "--nonce", "9010");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().get("valid").asBoolean()).isFalse();
        assertThat(r.json().get("reason").asString()).isEqualTo("NONCE_MISMATCH");
    }

    @Test
    void quoteWhenPcrsForAnotherBankThenExitOnePcrSelectionMismatch() throws Exception {
        Run r = run("quote", "--ak", GCE.resolve("ak_pub.tpmt_public.bin"),
                "--attest", GCE.resolve("quote_sha1.tpms_attest.bin"), "--sig", GCE.resolve("quote_sha1.tpmt_signature.bin"),
                "--pcrs-json", gcePcrs(), "--nonce", "9009");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().get("reason").asString()).isEqualTo("PCR_SELECTION_MISMATCH");
    }

    @Test
    void quoteWhenFileMissingThenExitTwo() throws Exception {
        Run r = run("quote", "--ak", tmp.resolve("nope.pub"), "--attest", GCE.resolve("quote_sha256.tpms_attest.bin"),
                "--sig", GCE.resolve("quote_sha256.tpmt_signature.bin"), "--pcrs-json", gcePcrs());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.json().get("error").asString()).contains("nope.pub");
    }

    // ---- snp

    @Test
    void snpWhenCapturedMilanReportThenValidWithTcbAndProduct() {
        Run r = run("snp", "--report", VIRTEE.resolve("report_milan.bin"), "--cert", VIRTEE.resolve("vcek_milan.der"),
                "--chain", VIRTEE.resolve("cert_chain_milan"), "--at", "2025-06-01T00:00:00Z");

        assertThat(r.exit()).isZero();
        assertThat(r.json().get("product").asString()).isEqualTo("Milan");
        assertThat(r.json().get("version").asInt()).isEqualTo(2);
        assertThat(r.json().get("reportedTcb").get("microcode").asInt()).isEqualTo(115);
        assertThat(r.json().get("measurement").asString()).startsWith("7a1e5c266c0108db");
    }

    @Test
    void snpWhenMeasurementByteFlippedThenExitOneSignatureInvalid() throws Exception {
        byte[] report = Files.readAllBytes(VIRTEE.resolve("report_milan.bin"));
        report[0x90] ^= 1;
        Path file = tmp.resolve("report.bin");
        Files.write(file, report);

        Run r = run("snp", "--report", file, "--cert", VIRTEE.resolve("vcek_milan.der"), "--at", "2025-06-01T00:00:00Z");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().get("reason").asString()).isEqualTo("SIGNATURE_INVALID");
    }

    @Test
    void snpWhenReportDataGivenAndDifferentThenExitOneReportDataMismatch() {
        Run r = run("snp", "--report", VIRTEE.resolve("report_milan.bin"), "--cert", VIRTEE.resolve("vcek_milan.der"),
                "--at", "2025-06-01T00:00:00Z", "--report-data", "00".repeat(64));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().get("reason").asString()).isEqualTo("REPORT_DATA_MISMATCH");
    }

    @Test
    void snpWhenRequiredOptionMissingOrBadTimeThenExitTwo() {
        assertThat(run("snp", "--report", VIRTEE.resolve("report_milan.bin")).exit()).isEqualTo(2);
        assertThat(run("snp", "--report", VIRTEE.resolve("report_milan.bin"), "--cert", VIRTEE.resolve("vcek_milan.der"),
                "--at", "yesterday").exit()).isEqualTo(2);
    }

    // ---- tdx

    @Test
    void tdxWhenV5QuoteWithPcsCollateralThenUpToDate() {
        Run r = run("tdx", "--quote", GO_TDX.resolve("quote_v5_sample.dat"),
                "--tcb-info", GO_TDX.resolve("sample_tcbinfo_response_v5"),
                "--qe-identity", EVIDENCE.resolve("C_tdx/trustee/enclaveIdentity.json"),
                "--issuer-chain", EVIDENCE.resolve("E_roots/intel/dcap-qvl/tcb_info_issuer_chain.pem"),
                "--at", "2026-02-10T00:00:00Z", "--allow-expired-collateral");

        assertThat(r.exit()).isZero();
        assertThat(r.json().get("tcbStatus").asString()).isEqualTo("UpToDate");
        assertThat(r.json().get("version").asInt()).isEqualTo(5);
        assertThat(r.json().get("rtmr")).hasSize(4);
    }

    @Test
    void tdxWhenCollateralExpiredAndNotAllowedThenExitOne() {
        Run r = run("tdx", "--quote", GO_TDX.resolve("quote_v5_sample.dat"),
                "--tcb-info", GO_TDX.resolve("sample_tcbinfo_response_v5"),
                "--qe-identity", EVIDENCE.resolve("C_tdx/trustee/enclaveIdentity.json"),
                "--issuer-chain", EVIDENCE.resolve("E_roots/intel/dcap-qvl/tcb_info_issuer_chain.pem"),
                "--at", "2026-02-10T00:00:00Z");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().get("reason").asString()).isEqualTo("COLLATERAL_EXPIRED");
    }

    @Test
    void tdxWhenNoCollateralThenValidWithoutTcbStatusAndTrailingBytesReported() throws Exception {
        JsonNode q = expected(GO_TDX.resolve("EXPECTED.json")).get("quotes").get(2);

        Run r = run("tdx", "--quote", GO_TDX.resolve("ccel_cos-113-tdx-quote.dat"), "--at", "2024-08-01T00:00:00Z");

        assertThat(r.exit()).isZero();
        assertThat(r.json().get("tcbStatus").isNull()).isTrue();
        assertThat(r.json().get("mrTd").asString()).isEqualTo(q.get("body").get("mrtd").asString());
        assertThat(r.json().get("trailingBytes").asInt()).isEqualTo(q.get("trailing_bytes_after_cert_data").asInt());
    }

    @Test
    void tdxWhenCollateralBundleAndPcsFilesBothGivenThenExitTwo() {
        Run r = run("tdx", "--quote", GO_TDX.resolve("quote_v5_sample.dat"), "--collateral", GO_TDX.resolve("pckcrl"),
                "--tcb-info", GO_TDX.resolve("sample_tcbinfo_response_v5"));

        assertThat(r.exit()).isEqualTo(2);
    }

    // ---- ccel

    @Test
    void ccelWhenGoTdxGuestTableAndDataThenRtmrsOfItsQuote() throws Exception {
        JsonNode replay = expected(GO_TDX.resolve("EXPECTED.json")).get("quotes").get(2).get("ccel").get("replay");

        Run r = run("ccel", "--table", GO_TDX.resolve("ccel_ccel_table.dat"), "--data", GO_TDX.resolve("ccel_ccel_data.dat"));

        assertThat(r.exit()).isZero();
        assertThat(r.json().get("events").asInt()).isEqualTo(replay.get("events").asInt());
        for (int i = 0; i < 3; i++) {
            assertThat(r.json().get("rtmr").get(i).asString()).isEqualTo(replay.get("rtmr").get("rtmr" + i).asString());
        }
    }

    @Test
    void ccelWhenTableChecksumBrokenThenExitTwo() throws Exception {
        byte[] table = Files.readAllBytes(GO_TDX.resolve("ccel_ccel_table.dat"));
        table[20] ^= 1;
        Path file = tmp.resolve("table.dat");
        Files.write(file, table);

        Run r = run("ccel", "--table", file, "--data", GO_TDX.resolve("ccel_ccel_data.dat"));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.json().get("field").asString()).isEqualTo("CCEL.Checksum");
    }

    // ---- azure

    @Test
    void azureWhenSnpEvidenceV2AndItsNonceThenValidWithPcrsMeasurementAndTcb() throws Exception {
        JsonNode expected = expected(AZ_SNP.resolve("EXPECTED.json")).get("samples").get("evidence-v2.json");
        String nonce = expected.get("tpm_quote").get("nonce_hex").asString();

        Run r = run("azure", "--evidence", AZ_SNP.resolve("evidence-v2.json"), "--nonce", nonce, "--at", AZURE_AT);

        assertThat(r.exit()).isZero();
        assertThat(r.json().get("valid").asBoolean()).isTrue();
        assertThat(r.json().get("tee").asString()).isEqualTo("az-snp-vtpm");
        assertThat(r.json().get("version").asInt()).isEqualTo(2);
        assertThat(r.json().get("nonceChecked").asBoolean()).isTrue();
        for (int i = 0; i < 24; i++) {
            assertThat(r.json().get("pcrs").get("sha256").get(Integer.toString(i)).asString())
                    .isEqualTo(expected.get("tpm_quote").get("pcrs").get(Integer.toString(i)).asString());
        }
        assertThat(r.json().get("measurement").asString()).isEqualTo(expected.get("snp").get("measurement").asString());
        assertThat(r.json().get("reportData").asString()).isEqualTo(expected.get("snp").get("report_data").asString());
        assertThat(r.json().get("reportedTcb").get("microcode").asInt())
                .isEqualTo(expected.get("snp").get("reported_tcb").get("microcode").asInt());
        assertThat(r.json().get("product").asString()).isEqualTo("Milan");
        assertThat(r.json().get("vmConfiguration").get("secureBoot").asBoolean()).isTrue();
    }

    @Test
    void azureWhenSnpEvidenceAndOtherNonceThenExitOneNonceMismatch() {
        Run r = run("azure", "--evidence", AZ_SNP.resolve("evidence-v1.json"), "--nonce", "00", "--at", AZURE_AT);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().get("valid").asBoolean()).isFalse();
        assertThat(r.json().get("reason").asString()).isEqualTo("NONCE_MISMATCH");
        assertThat(r.json().get("pcrs").get("sha256").size()).isEqualTo(24);
    }

    @Test
    void azureWhenTdxEvidenceWithoutNonceOrCollateralThenValidAndSaysWhatWasNotChecked() throws Exception {
        JsonNode expected = expected(AZ_TDX.resolve("EXPECTED.json")).get("samples").get("evidence-v1.json");

        Run r = run("azure", "--evidence", AZ_TDX.resolve("evidence-v1.json"), "--at", AZURE_AT);

        assertThat(r.exit()).isZero();
        assertThat(r.json().get("tee").asString()).isEqualTo("az-tdx-vtpm");
        assertThat(r.json().get("nonceChecked").asBoolean()).isFalse();
        assertThat(r.json().get("nonce").asString()).isEqualTo(expected.get("tpm_quote").get("nonce_hex").asString());
        assertThat(r.json().get("mrTd").asString()).isEqualTo(expected.get("td_quote").get("mr_td").asString());
        assertThat(r.json().get("tcbStatus").isNull()).isTrue();
        assertThat(r.json().get("uncheckedItems").toString()).contains("no --nonce given", "no collateral");
    }

    @Test
    void azureWhenVtpmQuoteSignatureFlippedThenExitOneSignatureInvalid() throws Exception {
        String json = Files.readString(AZ_TDX.resolve("evidence-v1.json"));
        Path file = tmp.resolve("evidence.json");
        Files.writeString(file, json.replace("\"signature\": \"a2a3", "\"signature\": \"a2a2"));

        Run r = run("azure", "--evidence", file, "--nonce", "6368616c6c656e6765", "--at", AZURE_AT);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().get("reason").asString()).isEqualTo("SIGNATURE_INVALID");
        assertThat(r.json().get("error").asString()).contains("vTPM quote");
    }

    @Test
    void azureWhenEvidenceMalformedOrTeeUnknownThenExitTwo() throws Exception {
        Path file = tmp.resolve("evidence.json");
        Files.writeString(file, "{\"version\": 1}");

        Run malformed = run("azure", "--evidence", file);
        Run badTee = run("azure", "--evidence", AZ_SNP.resolve("evidence-v1.json"), "--tee", "snp");

        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.json().get("field").asString()).isNotBlank();
        assertThat(badTee.exit()).isEqualTo(2);
    }

    // ---- usage

    @Test
    void runWhenNoCommandOrUnknownCommandThenExitTwoWithJsonError() {
        assertThat(run().exit()).isEqualTo(2);
        assertThat(run("frobnicate").json().get("error").asString()).isNotBlank();
    }
}

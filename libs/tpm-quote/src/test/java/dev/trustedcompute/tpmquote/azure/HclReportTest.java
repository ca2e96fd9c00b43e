package dev.trustedcompute.tpmquote.azure;

import static dev.trustedcompute.tpmquote.azure.AzureFixtures.TOOLING;
import static dev.trustedcompute.tpmquote.azure.AzureFixtures.TRUSTEE_SNP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.fuzz.Fuzzer;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The captured HCL reports against their EXPECTED.json; malformed variants raise only EvidenceFormatException. */
class HclReportTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String TRUSTEE_SAMPLE =
            "hcl-report.bin + vcek.pem + quote.bin + tpm-quote-v1.json + tpm-quote.msg/.sig";

    static Stream<Arguments> captured() {
        return Stream.of(
                Arguments.of(TRUSTEE_SNP + "hcl-report.bin", AzureFixtures.expected(TRUSTEE_SNP, TRUSTEE_SAMPLE)),
                Arguments.of(TOOLING + "hcl-report-snp.bin", AzureFixtures.expected(TOOLING, "hcl-report-snp.bin")),
                Arguments.of(TOOLING + "hcl-report-tdx.bin", AzureFixtures.expected(TOOLING, "hcl-report-tdx.bin")));
    }

    @ParameterizedTest
    @MethodSource("captured")
    void parseWhenCapturedThenHeaderAndRuntimeDataMatchExpected(String file, JsonNode expected) throws Exception {
        byte[] raw = AzureFixtures.bytes(file);

        HclReport report = HclReport.parse(raw);

        assertThat(new String(raw, 0, 4, StandardCharsets.US_ASCII)).isEqualTo(expected.get("magic").asString());
        assertThat(report.version()).isEqualTo(expected.get("hcl_version").asInt());
        assertThat(report.reportSize()).isEqualTo(expected.get("report_size").asInt());
        assertThat(report.requestType()).isEqualTo(expected.get("request_type").asLong());
        assertThat(report.hashType()).isEqualTo(HclHashType.SHA256);
        assertThat(expected.get("hash_type").asString()).isEqualTo("SHA256");
        assertThat(report.hardwareReport()).isInstanceOf(switch (expected.get("report_type").asString()) {
            case "SNP" -> HclHardwareReport.Snp.class;
            case "TDX" -> HclHardwareReport.Tdx.class;
            default -> throw new IllegalStateException(expected.toString());
        });
        RuntimeData runtime = report.runtimeData();
        assertThat(runtime.bytes()).hasSize(expected.get("var_data_len").asInt());
        assertThat(runtime.keyIds()).containsExactlyElementsOf(
                expected.get("var_data_keys").valueStream().map(JsonNode::asString).toList());
        assertThat(runtime.attestationKey().publicKey().getModulus().bitLength()).isEqualTo(2048);
        JsonNode config = expected.get("vm_configuration");
        VmConfiguration vm = runtime.vmConfiguration().orElseThrow();
        assertThat(vm.secureBoot()).contains(config.get("secure-boot").asBoolean());
        assertThat(vm.tpmEnabled()).contains(config.get("tpm-enabled").asBoolean());
        assertThat(vm.consoleEnabled()).contains(config.get("console-enabled").asBoolean());
        assertThat(vm.vmUniqueId()).contains(config.get("vmUniqueId").asString());
        JsonNode userData = expected.get("user_data");
        assertThat(runtime.userData().map(HEX::formatHex))
                .isEqualTo(userData.isNull() ? Optional.empty() : Optional.of(userData.asString().toLowerCase()));
        // the hardware REPORT_DATA is SHA-256(runtime data) || 32 zero bytes
        assertThat(report.hardwareReport().reportData()).isEqualTo(report.expectedReportData());
    }

    @ParameterizedTest
    @MethodSource("captured")
    void parseWhenRuntimeDataByteFlippedThenBindingNoLongerHolds(String file, JsonNode expected) throws Exception {
        byte[] raw = AzureFixtures.bytes(file);
        int inUniqueId = indexOf(raw, expected.get("vm_configuration").get("vmUniqueId").asString()) + 2;

        HclReport report = HclReport.parse(AzureFixtures.flip(raw, inUniqueId));

        assertThat(report.hardwareReport().reportData()).isNotEqualTo(report.expectedReportData());
    }

    @Test
    void parseWhenSnpReportThenFieldsMatchExpected() throws Exception {
        JsonNode expected = AzureFixtures.expected(TRUSTEE_SNP, TRUSTEE_SAMPLE).get("snp");

        SnpReport snp = ((HclHardwareReport.Snp) HclReport.parse(AzureFixtures.bytes(TRUSTEE_SNP + "hcl-report.bin"))
                .hardwareReport()).report();

        assertThat(snp.version()).isEqualTo(expected.get("version").asInt());
        assertThat(snp.policy().raw()).isEqualTo(expected.get("policy").asLong());
        assertThat(snp.vmpl()).isEqualTo(expected.get("vmpl").asLong());
        assertThat(snp.reportedTcb().hex()).isEqualTo(expected.get("reported_tcb").get("raw").asString());
        assertThat(HEX.formatHex(snp.measurement())).isEqualTo(expected.get("measurement").asString());
        assertThat(HEX.formatHex(snp.chipId())).isEqualTo(expected.get("chip_id").asString());
        assertThat(HEX.formatHex(snp.reportData())).isEqualTo(expected.get("report_data").asString());
    }

    @Test
    void parseWhenTdxReportThenTdReportCarriesTheBinding() throws Exception {
        HclReport report = HclReport.parse(AzureFixtures.bytes(TOOLING + "hcl-report-tdx.bin"));

        TdReport td = ((HclHardwareReport.Tdx) report.hardwareReport()).report();

        assertThat(td.type()).isEqualTo(TdReport.TYPE_TDX);
        assertThat(td.reportData()).isEqualTo(report.expectedReportData());
        assertThat(td.rtmrs()).hasSize(4);
        assertThat(report.runtimeData().vmConfiguration().orElseThrow().secureBoot()).contains(false);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("signature", patch32(0, 0x41424344), "header.signature"),
                Arguments.of("header version", patch32(4, 3), "header.version"),
                Arguments.of("report_size", patch32(8, 2345), "header.report_size"),
                Arguments.of("reserved", patch32(20, 1), "header.reserved"),
                Arguments.of("data_size", patch32(HclReport.REQUEST_DATA_OFFSET, 1129), "IgvmRequestData.data_size"),
                Arguments.of("request data version", patch32(HclReport.REQUEST_DATA_OFFSET + 4, 2),
                        "IgvmRequestData.version"),
                Arguments.of("report_type", patch32(HclReport.REQUEST_DATA_OFFSET + 8, 3),
                        "IgvmRequestData.report_type"),
                Arguments.of("report_type TDX over an SNP report", patch32(HclReport.REQUEST_DATA_OFFSET + 8, 4),
                        "REPORTTYPE.TYPE"),
                Arguments.of("hash type", patch32(HclReport.REQUEST_DATA_OFFSET + 12, 0),
                        "IgvmRequestData.report_data_hash_type"),
                Arguments.of("variable_data_size", patch32(HclReport.REQUEST_DATA_OFFSET + 16, 5000),
                        "IgvmRequestData.variable_data_size"),
                Arguments.of("padding", patch32(2596, 1), "padding after report_size"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void parseWhenHeaderInconsistentThenFormatExceptionNamesField(String what, byte[] report, String field) {
        assertThatThrownBy(() -> HclReport.parse(report)).isInstanceOfSatisfying(EvidenceFormatException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    static Stream<Arguments> badRuntimeData() {
        return Stream.of(
                Arguments.of("not JSON", "{\"keys\":[", "runtime data"),
                Arguments.of("no keys", "{}", "runtime data.keys"),
                Arguments.of("no AK", "{\"keys\":[]}", "runtime data.keys"),
                Arguments.of("EC key", "{\"keys\":[{\"kid\":\"HCLAkPub\",\"kty\":\"EC\"}]}", "runtime data.keys[0].kty"),
                Arguments.of("padded n", "{\"keys\":[{\"kid\":\"HCLAkPub\",\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"AQ==\"}]}",
                        "runtime data.keys[0].n"),
                Arguments.of("tiny modulus", "{\"keys\":[{\"kid\":\"HCLAkPub\",\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"AQ\"}]}",
                        "runtime data.keys[0]"),
                Arguments.of("duplicate kid", "{\"keys\":[" + AK + "," + AK + "]}", "runtime data.keys"),
                Arguments.of("short user-data", "{\"keys\":[" + AK + "],\"user-data\":\"00\"}", "runtime data.user-data"),
                Arguments.of("typed vm-configuration", "{\"keys\":[" + AK + "],\"vm-configuration\":{\"secure-boot\":1}}",
                        "runtime data.vm-configuration.secure-boot"));
    }

    /** A well-formed AK: the one of the captured Trustee HCL report. */
    private static final String AK;

    static {
        try {
            String runtime = new String(HclReport.parse(AzureFixtures.bytes(TRUSTEE_SNP + "hcl-report.bin"))
                    .runtimeData().bytes(), StandardCharsets.UTF_8);
            int start = runtime.indexOf("{\"kid\":\"HCLAkPub\"");
            AK = runtime.substring(start, runtime.indexOf('}', start) + 1);
        } catch (EvidenceFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRuntimeData")
    void parseWhenRuntimeDataMalformedThenFormatExceptionNamesMember(String what, String json, String field) {
        assertThatThrownBy(() -> RuntimeData.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EvidenceFormatException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void parseWhenTruncatedAtEveryLengthThenOnlyFormatException() {
        byte[] report = AzureFixtures.bytes(TRUSTEE_SNP + "hcl-report.bin");
        // without its zero padding the report is still whole, so only prefixes shorter than report_size count
        Fuzzer.assertEveryPrefixRejected("HCL report", java.util.Arrays.copyOf(report, 2346), HclReport::parse);
    }

    @Test
    void parseWhenLargerThanMaximumThenFormatExceptionBeforeParsing() {
        assertThatThrownBy(() -> HclReport.parse(new byte[HclReport.MAX_SIZE + 1]))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("exceed the maximum");
    }

    private static byte[] patch32(int offset, int value) {
        byte[] report = AzureFixtures.bytes(TRUSTEE_SNP + "hcl-report.bin");
        ByteBuffer.wrap(report).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return report;
    }

    private static int indexOf(byte[] haystack, String needle) {
        int at = new String(haystack, StandardCharsets.ISO_8859_1).indexOf(needle);
        if (at < 0) {
            throw new IllegalStateException(needle + " not found");
        }
        return at;
    }
}

package dev.trustedcompute.tpmquote.azure;

import static dev.trustedcompute.tpmquote.azure.AzureFixtures.CHALLENGE;
import static dev.trustedcompute.tpmquote.azure.AzureFixtures.TOOLING;
import static dev.trustedcompute.tpmquote.azure.AzureFixtures.TRUSTEE_SNP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.AzSnpVtpmEvidence;
import dev.trustedcompute.tpmquote.AzTdxVtpmEvidence;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.fuzz.Fuzzer;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Trustee's Azure evidence JSON and kinvolk's bincode quotes: strict parsing, only EvidenceFormatException. */
class AzureEvidenceParseTest {

    private static final String V1 = new String(AzureFixtures.bytes(TRUSTEE_SNP + "evidence-v1.json"),
            StandardCharsets.UTF_8);

    static Stream<Arguments> malformedSnpEvidence() {
        String tdxHcl = Base64.getUrlEncoder().encodeToString(AzureFixtures.bytes(TOOLING + "hcl-report-tdx.bin"));
        return Stream.of(
                Arguments.of("unknown member", V1.replaceFirst("\\{", "{\"extra\":1,"), "az-snp-vtpm evidence.extra"),
                Arguments.of("unknown version", V1.replace("\"version\": 1", "\"version\": 3"),
                        "az-snp-vtpm evidence.version"),
                Arguments.of("v0 member in v1", V1.replace("\"hcl_report\"", "\"report\""),
                        "az-snp-vtpm evidence.report"),
                Arguments.of("hex quote with a PCR too short", V1.replaceFirst("\"e15c4479", "\""),
                        "az-snp-vtpm evidence.tpm_quote.pcrs[0]"),
                Arguments.of("standard base64 in a base64url member", V1.replaceFirst("\"hcl_report\": \"SENMQ",
                        "\"hcl_report\": \"+ENMQ"), "az-snp-vtpm evidence.hcl_report"),
                Arguments.of("TDX HCL report", V1.replaceFirst("\"hcl_report\": \"[^\"]*\"",
                        "\"hcl_report\": \"" + tdxHcl + "\""), "az-snp-vtpm evidence.hcl_report"),
                Arguments.of("not an object", "[]", "az-snp-vtpm evidence"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedSnpEvidence")
    void parseWhenSnpEvidenceMalformedThenFormatExceptionNamesMember(String what, String json, String field) {
        assertThatThrownBy(() -> TrusteeAzureEvidence.parseSnp(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EvidenceFormatException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void parseWhenTeeNotNamedThenTdQuoteMemberSelectsTdx() throws Exception {
        assertThat(TrusteeAzureEvidence.parse(V1.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AzSnpVtpmEvidence.class);
        assertThat(TrusteeAzureEvidence.parse(AzureFixtures.bytes(AzureFixtures.TRUSTEE_TDX + "evidence-v1.json")))
                .isInstanceOf(AzTdxVtpmEvidence.class);
        assertThatThrownBy(() -> TrusteeAzureEvidence.parse("{\"td_quote\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceFormatException.class);
    }

    @Test
    void parseWhenV0ByteOutOfRangeThenFormatException() {
        String v0 = new String(AzureFixtures.bytes(TRUSTEE_SNP + "evidence-v0.json"), StandardCharsets.UTF_8);
        String bad = v0.replaceFirst("\"report\":\\s*\\[\\s*72", "\"report\":[256");

        assertThatThrownBy(() -> TrusteeAzureEvidence.parseSnp(bad.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EvidenceFormatException.class,
                        e -> assertThat(e.field()).isEqualTo("az-snp-vtpm evidence.report[0]"));
    }

    @Test
    void parseWhenSnpEvidenceGivenToTdxParserThenFormatException() {
        assertThatThrownBy(() -> TrusteeAzureEvidence.parseTdx(V1.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("unknown member");
    }

    @Test
    void parseWhenTruncatedAtEveryLengthThenOnlyFormatException() {
        byte[] json = V1.strip().getBytes(StandardCharsets.UTF_8);
        Fuzzer.assertEveryPrefixRejected("az-snp-vtpm v1", json, TrusteeAzureEvidence::parseSnp);
        Fuzzer.assertEveryPrefixRejected("az-snp-vtpm v1 as az-tdx-vtpm", json, TrusteeAzureEvidence::parseTdx);
    }

    @Test
    void parseBincodeWhenToolingQuoteThenVerifiesWithItsAkAndMatchesExpected() throws Exception {
        JsonNode expected = AzureFixtures.expected(TOOLING, "quote.bin + akpub.pem");
        VtpmQuote quote = VtpmQuote.parseBincode(AzureFixtures.bytes(TOOLING + "quote.bin"));
        AkPublic ak = AkPublic.fromPem(new String(AzureFixtures.bytes(TOOLING + "akpub.pem"), StandardCharsets.US_ASCII));

        QuotedPcrs pcrs = ak.verify(quote.attest(), quote.signature(), quote.pcrs(), CHALLENGE);

        assertThat(AzureFixtures.pcrs(pcrs)).isEqualTo(AzureFixtures.pcrs(expected.get("pcrs")));
        assertThat(String.format("0x%016x", pcrs.firmwareVersion())).isEqualTo(expected.get("firmwareVersion").asString());
    }

    @Test
    void parseBincodeWhenToolingQuoteSignatureFlippedThenSignatureInvalid() throws Exception {
        byte[] bincode = AzureFixtures.flip(AzureFixtures.bytes(TOOLING + "quote.bin"), 8 + 100);
        VtpmQuote quote = VtpmQuote.parseBincode(bincode);
        AkPublic ak = AkPublic.fromPem(new String(AzureFixtures.bytes(TOOLING + "akpub.pem"), StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> ak.verify(quote.attest(), quote.signature(), quote.pcrs(), CHALLENGE))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    @Test
    void parseBincodeWhenTruncatedOrTrailingThenOnlyFormatException() {
        byte[] bincode = AzureFixtures.bytes(TRUSTEE_SNP + "quote.bin");
        Fuzzer.assertEveryPrefixRejected("vTPM quote bincode", bincode, VtpmQuote::parseBincode);
        assertThatThrownBy(() -> VtpmQuote.parseBincode(Arrays.copyOf(bincode, bincode.length + 1)))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("trailing");
    }

    @Test
    void parseBincodeWhenLengthHugeThenFormatExceptionBeforeAllocating() {
        byte[] bincode = AzureFixtures.bytes(TRUSTEE_SNP + "quote.bin");
        Arrays.fill(bincode, 0, 8, (byte) 0xff);

        assertThatThrownBy(() -> VtpmQuote.parseBincode(bincode)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("exceeds the maximum");
    }
}

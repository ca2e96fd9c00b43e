package dev.trustedcompute.agentprotocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtocolJsonTest {
    static final String NONCE = Base64.getEncoder().encodeToString(new byte[32]);
    static final String SHA256_ZERO = "00".repeat(32);

    static Evidence evidence() {
        HostInfo info = new HostInfo("node-1", "4c4c4544-0042-3510-8052-b4c04f4e3332", "Debian GNU/Linux", "12",
                "6.1.0-27-amd64", "SeaBIOS", "1.16.2", true, new DiskEncryption(true, "LUKS2"), "2.0",
                List.of("tpm"), "6b0f1c1e-7a52-4d0a-9d0e-0c1f1a2b3c4d", "0.1.0");
        TpmQuote quote = new TpmQuote("/1RDR4AY", "ABQACw==", Map.of("sha256", Map.of("0", SHA256_ZERO)));
        return new Evidence("node-1", quote, "AAAA", info);
    }

    @Test
    void decodeWhenEncodedEvidencePushThenEqual() throws Exception {
        EvidencePush push = new EvidencePush(NONCE, PushReason.BOOT, evidence());

        EvidencePush decoded = ProtocolJson.decode(ProtocolJson.encode(push), EvidencePush.class);

        assertThat(decoded).isEqualTo(push);
    }

    @Test
    void decodeWhenUnknownFieldThenIgnoredForRollingUpgrades() throws Exception {
        String json = "{\"pollDurationMinutes\":30,\"addedLater\":true}";

        assertThat(ProtocolJson.decode(json.getBytes(StandardCharsets.UTF_8), PolicyUpdate.class).pollDurationMinutes())
                .isEqualTo(30);
    }

    @Test
    void decodeWhenNonceReplyThenInstantAndSelectionKept() throws Exception {
        NonceReply reply = NonceReply.of(NONCE, Instant.parse("2026-11-23T12:00:00Z"), Map.of("sha256", List.of(0, 7)));

        NonceReply decoded = ProtocolJson.decode(ProtocolJson.encode(reply), NonceReply.class);

        assertThat(decoded).isEqualTo(reply);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                  | {nonce:                                                     | QuoteRequest
            nonce missing             | {"pcrs":{"sha256":[0]}}                                     | nonce is required
            nonce not base64          | {"nonce":"%%%","pcrs":{"sha256":[0]}}                       | nonce is not base64
            nonce too short           | {"nonce":"AAAA","pcrs":{"sha256":[0]}}                      | at least 16 bytes
            unknown bank              | {"nonce":"NONCE","pcrs":{"md5":[0]}}                        | unknown PCR bank 'md5'
            PCR index out of range    | {"nonce":"NONCE","pcrs":{"sha256":[24]}}                    | PCR index must be 0..23
            duplicate PCR             | {"nonce":"NONCE","pcrs":{"sha256":[1,1]}}                   | distinct PCR indices
            no bank                   | {"nonce":"NONCE","pcrs":{}}                                 | selects no PCR bank
            wrong type                | {"nonce":"NONCE","pcrs":{"sha256":"all"}}                   | QuoteRequest
            trailing tokens           | {"nonce":"NONCE","pcrs":{"sha256":[0]}} {}                  | QuoteRequest
            JSON null                 | null                                                        | JSON null
            """)
    void decodeWhenQuoteRequestInvalidThenProtocolExceptionNamingIt(String name, String json, String message) {
        byte[] bytes = json.replace("NONCE", NONCE).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ProtocolJson.decode(bytes, QuoteRequest.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message);
    }

    @Test
    void decodeWhenPcrValueWrongLengthThenRejected() {
        String json = "{\"attest\":\"AAAA\",\"signature\":\"AAAA\",\"pcrs\":{\"sha256\":{\"7\":\"abcd\"}}}";

        assertThatThrownBy(() -> ProtocolJson.decode(json.getBytes(StandardCharsets.UTF_8), TpmQuote.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("quote.pcrs.sha256.7 must be 32 bytes of lower-case hex");
    }

    @Test
    void decodeWhenReplyHasBothResultAndErrorThenRejected() {
        String json = "{\"jobId\":\"j1\",\"error\":{\"code\":\"UNKNOWN_NONCE\",\"message\":\"no\"}}";

        assertThatThrownBy(() -> ProtocolJson.decode(json.getBytes(StandardCharsets.UTF_8), EvidenceAck.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("exactly one");
    }

    @Test
    void decodeWhenEmptyOrOversizeThenRejectedBeforeParsing() {
        assertThatThrownBy(() -> ProtocolJson.decode(new byte[0], PolicyUpdate.class))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ProtocolJson.decode(new byte[ProtocolJson.MAX_MESSAGE_BYTES + 1], PolicyUpdate.class))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds");
    }

    @Test
    void decodeWhenPollDurationOutOfRangeThenRejected() {
        assertThatThrownBy(() -> ProtocolJson.decode("{\"pollDurationMinutes\":0}".getBytes(StandardCharsets.UTF_8),
                PolicyUpdate.class)).isInstanceOf(ProtocolException.class).hasMessageContaining("1..10080");
    }

    @Test
    void decodeWhenReportSummaryThenRoundTrips() throws Exception {
        TrustReportSummary summary = new TrustReportSummary("r-1", "node-1", "node-1", "uuid", false,
                Map.of("OVERALL", "UNTRUSTED", "PLATFORM", "UNTRUSTED"),
                List.of(new TrustReportSummary.Fault("PcrMatchesConstant", "PLATFORM", "PCR 0 differs")),
                true, new DiskEncryption(false, null), false,
                Instant.parse("2026-11-23T12:00:00Z"), Instant.parse("2026-11-24T12:00:00Z"));

        assertThat(ProtocolJson.decode(ProtocolJson.encode(summary), TrustReportSummary.class)).isEqualTo(summary);
    }
}

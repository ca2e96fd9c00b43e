package dev.trustedcompute.rvps.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.rvps.message.InvalidMessageException.Reason;
import dev.trustedcompute.rvps.signers.TrustedSigners;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Period;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trustee's {@code sample} message through {@link MessageReader}, with the exact payloads kbs-client's
 * {@code set-sample-reference-value} sends ({@code tools/kbs-client/src/lib.rs}: {@code STANDARD.encode(json!({key: value}).to_string())}).
 */
class SampleMessageTest {

    static final Instant NOW = Instant.parse("2026-09-01T12:00:00Z");
    final MessageReader reader = new MessageReader(Period.ofMonths(12), TrustedSigners.fromPem(Map.of()));

    static String b64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static RvpsMessage sample(String payload) {
        return new RvpsMessage("0.1.0", "sample", payload);
    }

    @Test
    void readWhenKbsClientDefaultSampleThenOneValueExpiringTwelveMonthsLater() throws Exception {
        // kbs-client config set-sample-reference-value svn 1  ->  {"svn":["1"]}
        Extraction extraction = reader.read(sample("eyJzdm4iOlsiMSJdfQ=="), NOW);

        assertThat(extraction.type()).isEqualTo(MessageType.SAMPLE);
        assertThat(extraction.signer()).isNull();
        assertThat(extraction.values()).containsExactly(
                new ExtractedValue("svn", List.of("1"), Instant.parse("2027-09-01T12:00:00Z")));
    }

    @Test
    void readWhenVersionAbsentThenDefaultsToTrusteeVersion() throws Exception {
        Extraction extraction = reader.read(new RvpsMessage(null, "sample", b64("{\"svn\":[\"1\"]}")), NOW);

        assertThat(extraction.values()).extracting(ExtractedValue::name).containsExactly("svn");
    }

    static Stream<Arguments> kbsClientValueShapes() {
        return Stream.of(
                Arguments.of("--as-single-value", "{\"launch_digest\":\"abcde\"}", List.of("abcde")),
                Arguments.of("--as-integer", "{\"major_version\":[1]}", List.of("1")),
                Arguments.of("--as-integer --as-single-value", "{\"major_version\":1}", List.of("1")),
                Arguments.of("--as-bool", "{\"debug\":[false]}", List.of("false")),
                Arguments.of("decimal keeps its digits", "{\"v\":[1.10]}", List.of("1.10")),
                Arguments.of("several digests", "{\"v\":[\"aa\",\"bb\",\"cc\"]}", List.of("aa", "bb", "cc")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kbsClientValueShapes")
    void readWhenScalarOrTypedValuesThenStoredAsStrings(String shape, String json, List<String> expected)
            throws Exception {
        Extraction extraction = reader.read(sample(b64(json)), NOW);

        assertThat(extraction.values()).singleElement().extracting(ExtractedValue::values).isEqualTo(expected);
    }

    @Test
    void readWhenPayloadIsJsonTextThenSameAsBase64() throws Exception {
        String json = "{\"svn\":[\"1\"],\"launch_digest\":[\"abcde\"]}";

        assertThat(reader.read(sample(json), NOW)).isEqualTo(reader.read(sample(b64(json)), NOW));
    }

    @Test
    void readWhenNoVersionMatchThenUnsupported() {
        assertRefused(new RvpsMessage("0.2.0", "sample", b64("{\"a\":[\"1\"]}")), Reason.UNSUPPORTED_MESSAGE, "0.2.0");
        assertRefused(new RvpsMessage("", "sample", b64("{\"a\":[\"1\"]}")), Reason.UNSUPPORTED_MESSAGE, "version");
    }

    @Test
    void readWhenTypeUnknownOrMissingThenUnsupported() {
        // swid and corim exist in Trustee but are not implemented here: refused, never ignored
        for (String type : List.of("swid", "corim", "in-toto", "Sample", "")) {
            assertRefused(new RvpsMessage("0.1.0", type, b64("{\"a\":[\"1\"]}")), Reason.UNSUPPORTED_MESSAGE, "type");
        }
        assertRefused(new RvpsMessage("0.1.0", null, b64("{\"a\":[\"1\"]}")), Reason.UNSUPPORTED_MESSAGE, "no type");
        assertRefused(new RvpsMessage("0.1.0", "sample", null), Reason.UNSUPPORTED_MESSAGE, "no payload");
    }

    @Test
    void readWhenTypeHasControlCharactersThenDetailShowsThemEscaped() {
        assertRefused(new RvpsMessage("0.1.0", "sam\u0000ple", "{}"), Reason.UNSUPPORTED_MESSAGE, "'sam\\u0000ple'");
    }

    static Stream<Arguments> undecodablePayloads() {
        String canonical = b64("{\"svn\":[\"1\"]}");
        return Stream.of(
                Arguments.of("not base64", "%%%"),
                Arguments.of("padding missing", canonical.replace("=", "")),
                Arguments.of("non-zero trailing bits", "eyJzdm4iOlsiMSJdfR=="),
                Arguments.of("line break inside", canonical.substring(0, 8) + "\n" + canonical.substring(8)),
                // {"a":["???"]} is eyJhIjpbIj8/PyJdfQ== in the standard alphabet
                Arguments.of("URL-safe alphabet", "eyJhIjpbIj8_PyJdfQ=="),
                Arguments.of("base64 of text that is not JSON", b64("hello")),
                Arguments.of("a JSON list, not an object", b64("[\"svn\"]")),
                Arguments.of("JSON text that is not JSON", "{svn: 1}"),
                Arguments.of("trailing content", "{\"a\":[\"1\"]} {}"),
                Arguments.of("a name given twice", b64("{\"a\":[\"1\"],\"a\":[\"2\"]}")),
                Arguments.of("empty", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undecodablePayloads")
    void readWhenPayloadUndecodableThenInvalidPayload(String why, String payload) {
        assertRefused(sample(payload), Reason.INVALID_PAYLOAD, "payload");
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("an object value", "{\"a\":{\"b\":1}}", "string, number or boolean"),
                Arguments.of("a null value", "{\"a\":null}", "string, number or boolean"),
                Arguments.of("a nested list", "{\"a\":[[\"1\"]]}", "string, number or boolean"),
                Arguments.of("an empty list", "{\"a\":[]}", "at least one value"),
                Arguments.of("an empty string", "{\"a\":[\"\"]}", "must not be empty"),
                Arguments.of("NUL in a value", "{\"a\":[\"x\\u0000y\"]}", "control characters"),
                Arguments.of("NUL in a name", "{\"a\\u0000b\":[\"1\"]}", "'a\\u0000b'"),
                Arguments.of("newline in a name", "{\"a\\nb\":[\"1\"]}", "control characters"),
                Arguments.of("a blank name", "{\" \":[\"1\"]}", "blank"),
                Arguments.of("the name ..", "{\"..\":[\"1\"]}", "'..'"),
                Arguments.of("an overlong name", "{\"" + "n".repeat(NamingRules.MAX_NAME_LENGTH + 1) + "\":[\"1\"]}", "at most"),
                Arguments.of("an overlong value", "{\"a\":[\"" + "f".repeat(NamingRules.MAX_VALUE_LENGTH + 1) + "\"]}", "at most"),
                Arguments.of("too many values", "{\"a\":[" + IntStream.range(0, NamingRules.MAX_VALUES_PER_NAME + 1)
                        .mapToObj(i -> "\"" + i + "\"").collect(Collectors.joining(",")) + "]}", "at most"),
                Arguments.of("no values at all", "{}", "no reference values"),
                Arguments.of("too many names", "{" + IntStream.range(0, MessageReader.MAX_VALUES_PER_MESSAGE + 1)
                        .mapToObj(i -> "\"n" + i + "\":[\"1\"]").collect(Collectors.joining(",")) + "}", "at most"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void readWhenValueBreaksRulesThenInvalidReferenceValue(String why, String json, String detail) {
        assertRefused(sample(b64(json)), Reason.INVALID_REFERENCE_VALUE, detail);
    }

    @Test
    void readWhenLongestAcceptedNameAndValueThenAccepted() throws Exception {
        String name = "rvps:///" + "n".repeat(NamingRules.MAX_NAME_LENGTH - 8);
        String value = "f".repeat(NamingRules.MAX_VALUE_LENGTH);

        Extraction extraction = reader.read(sample(b64("{\"" + name + "\":[\"" + value + "\"]}")), NOW);

        assertThat(extraction.values()).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo(name);
            assertThat(v.values()).containsExactly(value);
        });
    }

    private void assertRefused(RvpsMessage message, Reason reason, String detailPart) {
        assertThatThrownBy(() -> reader.read(message, NOW))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(detailPart);
    }
}

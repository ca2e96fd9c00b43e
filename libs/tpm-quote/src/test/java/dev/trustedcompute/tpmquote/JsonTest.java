package dev.trustedcompute.tpmquote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parseWhenNestedTooDeepThenFormatException() {
        byte[] deep = "[".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Json.parse(deep, "deep")).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("nesting deeper than");
    }

    @Test
    void parseWhenMemberRepeatedThenFormatException() {
        byte[] dup = "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Json.parse(dup, "doc")).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("duplicate member \"a\"");
    }

    @Test
    void parseWhenValidThenValuesKeepTheirSpans() throws Exception {
        byte[] doc = "{\"k\": [1, \"x\"]}".getBytes(StandardCharsets.US_ASCII);
        Json.Obj obj = (Json.Obj) Json.parse(doc, "doc");
        Json.Value array = obj.members().get("k");
        assertThat(new String(doc, array.start(), array.end() - array.start(), StandardCharsets.US_ASCII))
                .isEqualTo("[1, \"x\"]");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"01", "+1", ".5", "1.", "1e", "--1", "0x10", "1.5e+"})
    void parseWhenNumberOutsideRfc8259GrammarThenFormatException(String number) {
        byte[] doc = ("[" + number + "]").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Json.parse(doc, "doc")).isInstanceOf(EvidenceFormatException.class);
    }

    @Test
    void parseWhenNumbersInRfc8259GrammarThenValues() throws Exception {
        Json.Arr array = (Json.Arr) Json.parse("[0,-0,12,1.25,-3e5,4E-2]".getBytes(StandardCharsets.US_ASCII), "doc");
        assertThat(array.items()).hasSize(6);
    }

    @Test
    void parseWhenStringIsNotUtf8ThenFormatException() {
        byte[] doc = {'"', (byte) 0xc3, '"'};
        assertThatThrownBy(() -> Json.parse(doc, "doc")).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("UTF-8");
    }
}

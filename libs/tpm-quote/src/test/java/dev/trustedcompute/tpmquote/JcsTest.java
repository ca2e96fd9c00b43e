package dev.trustedcompute.tpmquote;

import static dev.trustedcompute.tpmquote.TestEvidence.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8785 vectors (src/test/resources/jcs/README.md) and I-JSON refusals. */
class JcsTest {

    private static String canonical(String json) throws EvidenceFormatException {
        return new String(Jcs.canonicalize(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void canonicalizeWhenRfc8785Section322ExampleThenRfcOutput() throws Exception {
        assertThat(Jcs.canonicalize(bytes("jcs/rfc8785-3.2.2-input.json")))
                .isEqualTo(bytes("jcs/rfc8785-3.2.2-output.json"));
    }

    @Test
    void canonicalizeWhenRfc8785Section323SortingExampleThenUtf16Order() throws Exception {
        assertThat(Jcs.canonicalize(bytes("jcs/rfc8785-3.2.3-input.json")))
                .isEqualTo(bytes("jcs/rfc8785-3.2.3-output.json"));
    }

    /** RFC 8785 Appendix B: IEEE 754 bit pattern and the ECMAScript string it must print as. */
    @ParameterizedTest
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "3eb0c6f7a0b5ed8e, 0.0000010000000000000002",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void numberWhenRfc8785AppendixBValueThenEcmascriptString(String bits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

        assertThat(Jcs.number(d)).isEqualTo(expected);
    }

    @Test
    void numberWhenRandomFiniteDoublesThenReadsBackAndNoLongerThanJava() {
        java.util.Random random = new java.util.Random(8785);
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(d)) {
                continue;
            }
            String es = Jcs.number(d);
            assertThat(Double.parseDouble(es)).as(es).isEqualTo(d == 0 ? 0.0 : d);
            assertThat(new java.math.BigDecimal(es).stripTrailingZeros().precision())
                    .isLessThanOrEqualTo(new java.math.BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros().precision());
        }
    }

    @Test
    void canonicalizeWhenNumbersWrittenDifferentlyThenSameCanonicalForm() throws Exception {
        assertThat(canonical("[1.0, 10e-1, 1E0, -0, 0.0]")).isEqualTo("[1,1,1,0,0]");
    }

    @Test
    void canonicalizeWhenNestedObjectsThenSortedAtEveryLevelWithoutWhitespace() throws Exception {
        assertThat(canonical("{ \"b\": 1, \"a\": \"test\", \"c\": { \"e\": [ 2 , {\"z\":1,\"y\":2} ], \"d\": \"e\" } }"))
                .isEqualTo("{\"a\":\"test\",\"b\":1,\"c\":{\"d\":\"e\",\"e\":[2,{\"y\":2,\"z\":1}]}}");
    }

    @Test
    void canonicalizeWhenLoneSurrogateThenEvidenceFormatException() {
        assertThatThrownBy(() -> canonical("{\"k\":\"\\ud83d\"}")).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("lone surrogate");
    }

    @Test
    void canonicalizeWhenNumberBeyondDoubleRangeThenEvidenceFormatException() {
        assertThatThrownBy(() -> canonical("[1e400]")).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("double range");
    }

    @Test
    void canonicalizeWhenDuplicateMemberThenEvidenceFormatException() {
        assertThatThrownBy(() -> canonical("{\"a\":1,\"a\":2}")).isInstanceOf(EvidenceFormatException.class);
    }
}

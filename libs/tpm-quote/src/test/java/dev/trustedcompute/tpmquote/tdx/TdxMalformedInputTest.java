package dev.trustedcompute.tpmquote.tdx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Named malformations of TDX collateral. Truncation and random mutation of the quote, TCB Info, QE identity and CRL
 * parsers are in the fuzz harness ({@code fuzz.ParserFuzzTest}).
 */
class TdxMalformedInputTest {

    @Test
    void parseWhenJsonHasDuplicateMemberThenFormatException() {
        byte[] dup = "{\"tcbInfo\":{},\"tcbInfo\":{},\"signature\":\"00\"}".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> TcbInfo.parseResponse(dup)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("duplicate member \"tcbInfo\"");
    }
}

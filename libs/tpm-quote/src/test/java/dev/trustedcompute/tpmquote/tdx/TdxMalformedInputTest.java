package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every prefix of every fixture and seeded random byte flips must end in EvidenceFormatException or
 * VerificationException (or, for flips in bytes nothing checks, success) and never in anything else.
 */
class TdxMalformedInputTest {

    private static final ReportDataExpectation NO_NONCE = ReportDataExpectation.notChecked("fuzzing");
    private static final TdxVerifier VERIFIER = TdxVerifier.withIntelRoot(TdxVerificationPolicy.defaults()
            .allowingExpiredCollateral("fuzzing"));
    private static final int FLIPS_PER_FIXTURE = 400;

    static Stream<TdxFixtures.QuoteFixture> quotes() {
        return TdxFixtures.quotes().stream();
    }

    @ParameterizedTest
    @MethodSource("quotes")
    void parseWhenQuoteTruncatedAtEveryLengthThenOnlyFormatException(TdxFixtures.QuoteFixture q) throws Exception {
        byte[] full = q.bytes();
        int quoteLength = full.length - TdxQuote.parseFromBuffer(full).trailingBytes();
        for (int length = 0; length < quoteLength; length++) {
            byte[] prefix = Arrays.copyOf(full, length);
            int at = length;
            assertThatThrownBy(() -> TdxQuote.parse(prefix)).as("prefix of %d bytes", at)
                    .isInstanceOf(EvidenceFormatException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("quotes")
    void verifyWhenRandomBytesFlippedThenOnlyEvidenceExceptions(TdxFixtures.QuoteFixture q) {
        byte[] full = q.bytes();
        Random random = new Random(0x7d8 ^ full.length);
        TdxCollateral collateral = TdxFixtures.collateral(TdxFixtures.GO + "sample_tcbinfo_response_v5",
                TdxFixtures.TRUSTEE + "enclaveIdentity.json");
        for (int i = 0; i < FLIPS_PER_FIXTURE; i++) {
            byte[] mutated = full.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
            }
            runQuote(mutated, collateral, q.at());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"go-tdx-guest/sample_tcbInfo_response", "go-tdx-guest/sample_tcbinfo_response_v5",
            "trustee/tcbInfo.json"})
    void parseWhenTcbInfoTruncatedOrFlippedThenOnlyFormatException(String file) {
        byte[] full = TdxFixtures.read("evidence/C_tdx/" + file);
        for (int length = 0; length < withoutTrailingNewline(full); length++) {
            byte[] prefix = Arrays.copyOf(full, length);
            assertThatThrownBy(() -> TdxCollateral.fromPcsResponses(prefix,
                    TdxFixtures.read(TdxFixtures.TRUSTEE + "enclaveIdentity.json"), chain()))
                    .isInstanceOf(EvidenceFormatException.class);
        }
        Random random = new Random(file.hashCode());
        for (int i = 0; i < FLIPS_PER_FIXTURE; i++) {
            byte[] mutated = full.clone();
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            runCollateral(mutated, TdxFixtures.read(TdxFixtures.TRUSTEE + "enclaveIdentity.json"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"go-tdx-guest/sample_qeIdentity_response", "trustee/enclaveIdentity.json"})
    void parseWhenQeIdentityTruncatedOrFlippedThenOnlyFormatException(String file) {
        byte[] full = TdxFixtures.read("evidence/C_tdx/" + file);
        byte[] tcbInfo = TdxFixtures.read(TdxFixtures.GO + "sample_tcbinfo_response_v5");
        for (int length = 0; length < withoutTrailingNewline(full); length++) {
            byte[] prefix = Arrays.copyOf(full, length);
            assertThatThrownBy(() -> TdxCollateral.fromPcsResponses(tcbInfo, prefix, chain()))
                    .isInstanceOf(EvidenceFormatException.class);
        }
        Random random = new Random(file.hashCode());
        for (int i = 0; i < FLIPS_PER_FIXTURE; i++) {
            byte[] mutated = full.clone();
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            runCollateral(tcbInfo, mutated);
        }
    }

    @Test
    void parseWhenCrlTruncatedAtEveryLengthThenOnlyFormatException() throws Exception {
        TdxCollateral collateral = TdxFixtures.collateral(TdxFixtures.GO + "sample_tcbinfo_response_v5",
                TdxFixtures.TRUSTEE + "enclaveIdentity.json");
        for (String file : new String[] {"rootcrl.der", "pckcrl"}) {
            byte[] full = TdxFixtures.read(TdxFixtures.GO + file);
            for (int length = 0; length < full.length; length++) {
                byte[] prefix = Arrays.copyOf(full, length);
                assertThatThrownBy(() -> collateral.withCrls(java.util.Optional.of(prefix), java.util.Optional.empty()))
                        .isInstanceOf(EvidenceFormatException.class);
            }
        }
    }

    @Test
    void parseWhenJsonNestedTooDeepThenFormatException() {
        byte[] deep = "[".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Json.parse(deep, "deep")).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("nesting deeper than");
    }

    @Test
    void parseWhenJsonHasDuplicateMemberThenFormatException() {
        byte[] dup = "{\"tcbInfo\":{},\"tcbInfo\":{},\"signature\":\"00\"}".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> TcbInfo.parseResponse(dup)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("duplicate member \"tcbInfo\"");
    }

    /** JSON may end in whitespace: a prefix that only drops it is still the whole document. */
    private static int withoutTrailingNewline(byte[] doc) {
        int end = doc.length;
        while (end > 0 && (doc[end - 1] == '\n' || doc[end - 1] == '\r' || doc[end - 1] == ' ')) {
            end--;
        }
        return end;
    }

    private static byte[] chain() {
        return TdxFixtures.read(TdxFixtures.INTEL_ROOTS + "dcap-qvl/tcb_info_issuer_chain.pem");
    }

    private static void runQuote(byte[] bytes, TdxCollateral collateral, Instant at) {
        try {
            TdxQuote quote = TdxQuote.parseFromBuffer(bytes);
            VERIFIER.verifyWithoutCollateral(quote, NO_NONCE, at);
            VERIFIER.verify(quote, collateral, NO_NONCE, at);
        } catch (EvidenceFormatException | VerificationException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static void runCollateral(byte[] tcbInfo, byte[] qeIdentity) {
        try {
            TdxCollateral collateral = TdxCollateral.fromPcsResponses(tcbInfo, qeIdentity, chain());
            VERIFIER.verify(TdxQuote.parse(TdxFixtures.V5_SAMPLE.bytes()), collateral, NO_NONCE,
                    Instant.parse("2026-02-10T00:00:00Z"));
        } catch (EvidenceFormatException | VerificationException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}

package dev.trustedcompute.tpmquote.tpm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.trustedcompute.tpmquote.EvidenceException;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.Arrays;
import java.util.Random;

/** Bounded robustness checks shared by the parser tests: truncation at every length and random flips. */
final class Mutations {

    interface Parser {
        void parse(byte[] input) throws EvidenceException;
    }

    private Mutations() {
    }

    /** Every strict prefix of a complete fixture must be rejected with EvidenceFormatException. */
    static void everyPrefixRejected(byte[] fixture, Parser parser) {
        for (int length = 0; length < fixture.length; length++) {
            byte[] prefix = Arrays.copyOf(fixture, length);
            int len = length;
            assertThatThrownBy(() -> parser.parse(prefix))
                    .as("prefix of %d bytes", len)
                    .isInstanceOf(EvidenceFormatException.class);
        }
    }

    /**
     * {@code rounds} random mutations (1-4 flipped bytes, sometimes an appended byte) with a fixed seed: the
     * parser may accept the input or throw an {@link EvidenceException}; anything else is a bug.
     */
    static void randomFlipsOnlyEvidenceExceptions(byte[] fixture, Parser parser, int rounds) {
        Random random = new Random(0x7e57);
        for (int round = 0; round < rounds; round++) {
            byte[] mutated = fixture.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips && mutated.length > 0; i++) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255)); // never a no-op
            }
            if (random.nextInt(10) == 0) {
                mutated = Arrays.copyOf(mutated, mutated.length + 1);
            }
            try {
                parser.parse(mutated);
            } catch (EvidenceException expected) {
                // the only allowed failure
            } catch (RuntimeException | Error e) {
                fail("round " + round + " threw " + e, e);
            }
        }
    }
}

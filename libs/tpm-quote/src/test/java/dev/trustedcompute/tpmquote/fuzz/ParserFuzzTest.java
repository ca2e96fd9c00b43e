package dev.trustedcompute.tpmquote.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.trustedcompute.tpmquote.VerificationException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fuzz harness over every parser ({@link FuzzTargets}): seeds are accepted, every strict prefix of a
 * length-delimited format is a format error, and seeded mutations within the budget ({@link Fuzzer}) end only in the
 * library's documented exceptions, never in anything else and never in a hang.
 */
class ParserFuzzTest {

    private static final List<FuzzTargets> TARGETS = load();

    private static List<FuzzTargets> load() {
        try {
            return FuzzTargets.all();
        } catch (Exception e) {
            throw new IllegalStateException("fuzz seeds do not load", e);
        }
    }

    static Stream<FuzzTargets> targets() {
        return TARGETS.stream();
    }

    static Stream<FuzzTargets> lengthDelimited() {
        return TARGETS.stream().filter(FuzzTargets::prefixesRejected);
    }

    /** Mutations start from well-formed input: a seed parses (a verification target may still reject it). */
    @ParameterizedTest
    @MethodSource("targets")
    void runWhenSeedUnchangedThenWellFormed(FuzzTargets target) {
        for (byte[] seed : target.seeds()) {
            assertThatCode(() -> {
                try {
                    target.target().run(seed);
                } catch (VerificationException e) {
                    if (target.allowed() == Fuzzer.Allowed.FORMAT) {
                        throw e;
                    }
                }
            }).as(target.name()).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @MethodSource("lengthDelimited")
    void runWhenAnyStrictPrefixThenEvidenceFormatException(FuzzTargets target) {
        for (byte[] seed : target.seeds()) {
            Fuzzer.assertEveryPrefixRejected(target.name(), seed, target.target());
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void runWhenMutatedWithinBudgetThenOnlyDocumentedExceptions(FuzzTargets target) {
        long budget = Long.getLong("tpmquote.fuzz.millis", Fuzzer.DEFAULT_MILLIS);
        Fuzzer.Report report = Assertions.assertTimeoutPreemptively(Duration.ofMillis(budget + 30_000),
                () -> Fuzzer.run(target.name(), target.seeds(), target.target(), target.allowed()));

        assertThat(report.iterations()).as("%s ran too few inputs: %s", target.name(), report).isGreaterThanOrEqualTo(50);
        assertThat(report.formatErrors()).as("%s never saw malformed input: %s", target.name(), report).isPositive();
    }
}

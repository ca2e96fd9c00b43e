package dev.trustedcompute.tpmquote.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.ccel.CcEventLog;
import dev.trustedcompute.tpmquote.ccel.CcelTable;
import dev.trustedcompute.tpmquote.ccel.RtmrValues;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every prefix of every captured log, and random byte flips, must end in EvidenceFormatException or
 * VerificationException (or success), never another exception, and within bounded time.
 */
class EventLogRobustnessTest {

    static Stream<EventLogFixtures.LogCase> logs() {
        return EventLogFixtures.all().stream().filter(c -> !c.path().contains("nonce9009"));
    }

    @ParameterizedTest
    @MethodSource("logs")
    void parseReplayAndInterpretWhenEveryPrefixThenOnlyEvidenceExceptions(EventLogFixtures.LogCase c) {
        byte[] full = c.bytes();
        assertThatCode(() -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int n = 0; n < full.length; n++) {
                exercise(Arrays.copyOf(full, n), c.quoted());
            }
        })).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("logs")
    void parseReplayAndInterpretWhenRandomFlipsThenOnlyEvidenceExceptions(EventLogFixtures.LogCase c) {
        byte[] full = c.bytes();
        Random random = new Random(full.length);
        assertThatCode(() -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 400; i++) {
                byte[] copy = full.clone();
                for (int k = 0; k <= i % 4; k++) {
                    copy[random.nextInt(copy.length)] ^= (byte) (1 + random.nextInt(255));
                }
                exercise(copy, c.quoted());
            }
        })).doesNotThrowAnyException();
    }

    @Test
    void parseWhenCcelPrefixesAndFlipsThenOnlyEvidenceExceptions() {
        byte[] area = Arrays.copyOf(EventLogFixtures.resource("C_tdx/go-tdx-guest/ccel_ccel_data.dat"), 20_000);
        byte[] table = EventLogFixtures.resource("C_tdx/go-tdx-guest/ccel_ccel_table.dat");
        RtmrValues zero = new RtmrValues(List.of(new byte[48], new byte[48], new byte[48], new byte[48]));
        Random random = new Random(7);
        assertThatCode(() -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int n = 0; n < area.length; n += 3) {
                ccel(Arrays.copyOf(area, n), zero);
            }
            for (int i = 0; i < 400; i++) {
                byte[] copy = area.clone();
                copy[random.nextInt(18_200)] ^= (byte) (1 + random.nextInt(255));
                ccel(copy, zero);
            }
            for (int n = 0; n <= table.length; n++) {
                try {
                    CcelTable.parse(Arrays.copyOf(table, n));
                } catch (EvidenceFormatException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        })).doesNotThrowAnyException();
    }

    private static void ccel(byte[] area, RtmrValues quoted) {
        try {
            CcEventLog log = CcEventLog.parse(area);
            log.computeRtmrs();
            log.replay(quoted);
        } catch (EvidenceFormatException | VerificationException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static void exercise(byte[] bytes, List<PcrValues> quoted) {
        try {
            EventLog log = EventLog.parse(bytes);
            log.computePcrs();
            for (TcgEvent e : log.unverifiedEvents()) {
                if (e.decode() instanceof EventData.UefiImageLoad load) {
                    load.devicePathText();
                }
            }
            log.replayMismatches(quoted);
            SecureBootState.from(log.replay(quoted));
        } catch (EvidenceFormatException | VerificationException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}

package dev.trustedcompute.tpmquote.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventLogTest {

    static Stream<EventLogFixtures.LogCase> logs() {
        return EventLogFixtures.all().stream();
    }

    @ParameterizedTest
    @MethodSource("logs")
    void parseWhenCapturedLogThenFormatAndEventCountMatchExpected(EventLogFixtures.LogCase c) throws Exception {
        EventLog log = EventLog.parse(c.bytes());

        assertThat(log.format()).isEqualTo(c.format());
        assertThat(log.unverifiedEvents()).hasSize(c.events());
        assertThat(log.specId().isPresent()).isEqualTo(c.format() == EventLogFormat.CRYPTO_AGILE);
        assertThat(log.unusedTail().length()).isZero();
    }

    @ParameterizedTest
    @MethodSource("logs")
    void replayWhenQuotedValuesFromExpectedThenAllLoggedPcrsVerify(EventLogFixtures.LogCase c) throws Exception {
        EventLog log = EventLog.parse(c.bytes());

        VerifiedEvents verified = log.replay(c.quoted());

        assertThat(verified.quirks()).extracting(AppliedQuirk::quirk).containsExactlyElementsOf(c.quirks());
        for (PcrValues bank : c.quoted()) {
            if (!log.algorithms().contains(bank.algorithm())) {
                assertThat(verified.uncheckedBanks()).contains(bank.algorithm());
                continue;
            }
            TreeMap<Integer, byte[]> logged = Replayer.computeBank(log.unverifiedEvents(), bank.algorithm(), false);
            assertThat(verified.verifiedPcrs().get(bank.algorithm()))
                    .as("verified PCRs of %s", bank.algorithm())
                    .containsExactlyElementsOf(logged.keySet().stream()
                            .filter(bank.values()::containsKey).toList());
        }
        assertThat(verified.events()).isNotEmpty().allMatch(e -> verified.isVerified((int) e.pcrIndex()));
    }

    @ParameterizedTest
    @MethodSource("logs")
    void computePcrsWhenCapturedLogThenEqualsExpectedValuesOfEveryLoggedPcr(EventLogFixtures.LogCase c)
            throws Exception {
        EventLog log = EventLog.parse(c.bytes());
        List<PcrValues> computed = log.computePcrs();
        List<PcrValues> expected = c.replayed().isEmpty() ? c.quoted() : c.replayed();

        for (PcrValues want : expected) {
            PcrValues got = computed.stream().filter(b -> b.algorithm().equals(want.algorithm())).findFirst()
                    .orElseThrow();
            for (Map.Entry<Integer, String> pcr : got.toHex().entrySet()) {
                if (want.values().containsKey(pcr.getKey())) {
                    assertThat(pcr.getValue()).as("PCR%d %s", pcr.getKey(), want.algorithm())
                            .isEqualTo(want.hex(pcr.getKey()).orElseThrow());
                }
            }
            assertThat(got.values().keySet()).as("replayed PCRs of %s", want.algorithm())
                    .isSubsetOf(want.values().keySet());
        }
    }

    @Test
    void replayWhenEbsEventsMissingThenQuirkNamedAndRawReplayDiffers() throws Exception {
        EventLog log = EventLog.parse(EventLogFixtures.resource("A_tpm_eventlogs/go-attestation/ebs_event_missing_eventlog"));
        PcrValues quoted = PcrValues.ofHex(DigestAlgorithm.SHA1, Map.of(5, "31245808d6d35849bc394f6343f2b3ff908ed5e3"));

        VerifiedEvents verified = log.replay(quoted);

        assertThat(verified.quirks()).singleElement().satisfies(q -> {
            assertThat(q.quirk()).isEqualTo(EventLogQuirk.EXIT_BOOT_SERVICES_EVENTS_MISSING);
            assertThat(q.detail()).contains("PCR5", "sha1");
        });
        assertThat(log.computePcrs().getFirst().hex(5)).hasValue("e5781a2fd49c23a33b16bf0ba5f10efa1aa5d43c");
        assertThat(verified.events()).allMatch(e -> e.pcrIndex() == 5);
    }

    @Test
    void replayWhenPcrValueWrongThenMismatchNamesPcrAndBank() throws Exception {
        EventLog log = EventLog.parse(EventLogFixtures.resource("A_tpm_eventlogs/go-tpm-tools/debian-10.bin"));
        PcrValues quoted = PcrValues.ofHex(DigestAlgorithm.SHA1, Map.of(
                0, "0f2d3a2a1adaa479aeeca8f5df76aadc41b862ea",
                7, "9e6c57e850f371c2a7fe02bca552149363952319"));

        assertThat(log.replayMismatches(List.of(quoted))).singleElement().satisfies(m -> {
            assertThat(m.pcr()).isEqualTo(7);
            assertThat(m.bank()).isEqualTo(DigestAlgorithm.SHA1);
        });
        VerificationException e = org.assertj.core.api.Assertions.catchThrowableOfType(VerificationException.class,
                () -> log.replay(quoted));
        assertThat(e.reason()).isEqualTo(dev.trustedcompute.tpmquote.Reason.EVENT_LOG_REPLAY_MISMATCH);
        assertThat(e.getMessage()).contains("PCR7 (sha1)", "9e6c57e850f371c2a7fe02bca552149363952319");
    }

    @Test
    void replayWhenNoQuotedBankInLogThenRejected() throws Exception {
        EventLog log = EventLog.parse(EventLogFixtures.resource("A_tpm_eventlogs/go-tpm-tools/debian-10.bin"));
        PcrValues sha256 = PcrValues.ofHex(DigestAlgorithm.SHA256, Map.of(0, "00".repeat(32)));

        VerificationException e = org.assertj.core.api.Assertions.catchThrowableOfType(VerificationException.class,
                () -> log.replay(sha256));

        assertThat(e.reason()).isEqualTo(dev.trustedcompute.tpmquote.Reason.EVENT_LOG_REPLAY_MISMATCH);
        assertThat(e.getMessage()).contains("sha256", "sha1");
    }

    @Test
    void parseWhenUnknownAlgorithmNotInSpecIdThenRejected() throws Exception {
        byte[] log = EventLogFixtures.resource("A_tpm_eventlogs/go-attestation/crypto_agile_eventlog");
        EventLog parsed = EventLog.parse(log);
        TcgEvent second = parsed.unverifiedEvents().get(1);
        // TPMT_HA.hashAlg of the first digest of event 1 sits after pcrIndex, eventType and count
        int at = second.offset() + 12;
        log[at] = 0x77;

        EvidenceFormatException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                EvidenceFormatException.class, () -> EventLog.parse(log));

        assertThat(e.getMessage()).contains("not listed in the Spec ID event");
        assertThat(e.offset()).isEqualTo(at);
    }

    @Test
    void replayWhenEventDigestFlippedThenMismatchNamesThatPcr() throws Exception {
        EventLogFixtures.LogCase c = EventLogFixtures.all().stream()
                .filter(x -> x.path().endsWith("cos-101-amd-sev.bin")).findFirst().orElseThrow();
        byte[] bytes = c.bytes();
        TcgEvent target = EventLog.parse(bytes).unverifiedEvents().stream()
                .filter(e -> e.pcrIndex() == 4).findFirst().orElseThrow();
        // first digest byte: pcrIndex(4) eventType(4) count(4) hashAlg(2)
        bytes[target.offset() + 14] ^= 0x01;

        List<PcrMismatch> mismatches = EventLog.parse(bytes).replayMismatches(c.quoted());

        assertThat(mismatches).extracting(PcrMismatch::pcr).containsOnly(4);
        assertThat(HexFormat.of().formatHex(mismatches.getFirst().replayed()))
                .isNotEqualTo(c.quoted().getFirst().hex(4).orElseThrow());
    }

    @Test
    void replayEachPcrWhenOnePcrDigestFlippedThenOnlyThatPcrLosesItsEvents() throws Exception {
        EventLogFixtures.LogCase c = EventLogFixtures.all().stream()
                .filter(x -> x.path().endsWith("cos-101-amd-sev.bin")).findFirst().orElseThrow();
        byte[] bytes = c.bytes();
        TcgEvent target = EventLog.parse(bytes).unverifiedEvents().stream()
                .filter(e -> e.pcrIndex() == 4).findFirst().orElseThrow();
        bytes[target.offset() + 14] ^= 0x01;
        EventLog log = EventLog.parse(bytes);
        VerifiedEvents intact = EventLog.parse(c.bytes()).replay(c.quoted());

        EventLog.PartialReplay partial = log.replayEachPcr(c.quoted());

        assertThat(partial.mismatches()).extracting(PcrMismatch::pcr).containsOnly(4);
        assertThat(partial.failed(4)).isTrue();
        assertThat(partial.failed(0)).isFalse();
        assertThat(partial.verified().isVerified(4)).isFalse();
        assertThat(partial.verified().events(4)).isEmpty();
        assertThat(partial.verified().verifiedPcrs().values()).allSatisfy(pcrs -> assertThat(pcrs).doesNotContain(4));
        assertThat(partial.verified().unquotedPcrs()).doesNotContain(4);
        for (int pcr : intact.verifiedPcrs().values().iterator().next()) {
            if (pcr != 4) {
                assertThat(partial.verified().events(pcr)).as("PCR " + pcr).hasSameSizeAs(intact.events(pcr));
            }
        }
        assertThatThrownBy(() -> log.replay(c.quoted())).isInstanceOf(VerificationException.class);
    }

    @Test
    void replayEachPcrWhenAllReplayThenSameEventsAsReplay() throws Exception {
        int compared = 0;
        for (EventLogFixtures.LogCase c : EventLogFixtures.all()) {
            EventLog log = EventLog.parse(c.bytes());
            VerifiedEvents full;
            try {
                full = log.replay(c.quoted());
            } catch (VerificationException e) {
                continue; // the cases that do not replay are covered by the mismatch tests
            }
            EventLog.PartialReplay partial = log.replayEachPcr(c.quoted());
            assertThat(partial.mismatches()).as(c.path()).isEmpty();
            assertThat(partial.verified().events()).as(c.path()).isEqualTo(full.events());
            assertThat(partial.verified().verifiedPcrs()).as(c.path()).isEqualTo(full.verifiedPcrs());
            compared++;
        }
        assertThat(compared).as("captured logs that replay").isGreaterThanOrEqualTo(5);
    }
}

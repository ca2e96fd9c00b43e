package dev.trustedcompute.tpmquote.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SecureBootStateTest {

    static Stream<EventLogFixtures.LogCase> logsWithPcr7() {
        return EventLogFixtures.all().stream()
                .filter(c -> c.quoted().stream().anyMatch(b -> b.values().containsKey(7)));
    }

    @ParameterizedTest
    @MethodSource("logsWithPcr7")
    void fromWhenCapturedLogReplayedThenVariablesMatchExpected(EventLogFixtures.LogCase c) throws Exception {
        VerifiedEvents verified = EventLog.parse(c.bytes()).replay(c.quoted());

        SecureBootState state = SecureBootState.from(verified);

        Map<String, String> want = c.secureBoot();
        String sb = want.get("SecureBoot");
        assertThat(state.enabled()).isEqualTo(sb.equals("01"));
        assertThat(java.util.HexFormat.of().formatHex(state.secureBootVariable()))
                .isEqualTo(sb.equals("(empty)") ? "" : sb);
        for (String name : List.of("PK", "KEK", "db", "dbx")) {
            Optional<SignatureDatabase> db = state.database(name);
            assertThat(db).as(name).isPresent();
            assertThat(db.orElseThrow().variableData().length + " bytes").as(name).isEqualTo(want.get(name));
        }
        assertThat(state.pk().orElseThrow().certificates()).hasSize(1);
        assertThat(state.kek().orElseThrow().certificates()).isNotEmpty();
    }

    @Test
    void fromWhenSbCertLogThenThreeAuthoritiesAfterSeparator() throws Exception {
        EventLogFixtures.LogCase c = find("sb_cert_eventlog");

        SecureBootState state = SecureBootState.from(EventLog.parse(c.bytes()).replay(c.quoted()));

        assertThat(state.enabled()).isTrue();
        assertThat(state.authorities()).filteredOn(SecureBootState.Authority::afterSeparator).hasSize(3);
        assertThat(state.authorities()).allSatisfy(a -> assertThat(a.certificate()).isPresent());
        assertThat(state.dbx().orElseThrow().sha256Hashes()).isNotEmpty();
    }

    @Test
    void fromWhenPcr7VariableDataFlippedAndPcrStillQuotedThenDigestMismatchNamesEvent() throws Exception {
        EventLogFixtures.LogCase c = find("debian-10.bin");
        byte[] bytes = c.bytes();
        EventLog log = EventLog.parse(bytes);
        TcgEvent pk = log.unverifiedEvents().stream().filter(e -> e.pcrIndex() == 7 && e.decode()
                instanceof EventData.UefiVariable v && v.name().equals("PK")).findFirst().orElseThrow();
        // legacy event: pcrIndex(4) type(4) digest(20) size(4), then data; flip the last byte of the certificate
        bytes[pk.offset() + 32 + pk.data().length - 1] ^= 0x01;
        // the digest still replays (only data changed), so the log verifies against the quote
        VerifiedEvents verified = EventLog.parse(bytes).replay(c.quoted());

        VerificationException e = catchThrowableOfType(VerificationException.class,
                () -> SecureBootState.from(verified));

        assertThat(e.reason()).isEqualTo(Reason.EVENT_DIGEST_MISMATCH);
        assertThat(e.getMessage()).contains("event " + pk.sequence() + " (EV_EFI_VARIABLE_DRIVER_CONFIG, PCR7)");
    }

    @Test
    void fromWhenPcr7NotQuotedThenInvalid() throws Exception {
        EventLogFixtures.LogCase c = find("debian-10.bin");
        PcrValues only0 = PcrValues.ofHex(DigestAlgorithm.SHA1, Map.of(0,
                c.quoted().getFirst().hex(0).orElseThrow()));

        VerificationException e = catchThrowableOfType(VerificationException.class,
                () -> SecureBootState.from(EventLog.parse(c.bytes()).replay(only0)));

        assertThat(e.reason()).isEqualTo(Reason.SECURE_BOOT_STATE_INVALID);
        assertThat(e.getMessage()).contains("PCR7");
    }

    static EventLogFixtures.LogCase find(String suffix) {
        return EventLogFixtures.all().stream().filter(x -> x.path().endsWith(suffix)).findFirst().orElseThrow();
    }
}

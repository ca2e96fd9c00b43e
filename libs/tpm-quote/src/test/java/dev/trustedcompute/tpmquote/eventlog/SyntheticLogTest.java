package dev.trustedcompute.tpmquote.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Legacy SHA-1 logs built in the test, for orderings no captured log has. */
class SyntheticLogTest {

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @Test
    void fromWhenSecureBootVariableAfterSeparatorThenRejectedNamingEvent() throws Exception {
        variable(7, EventType.EV_EFI_VARIABLE_DRIVER_CONFIG, EfiGuid.EFI_GLOBAL_VARIABLE, "SecureBoot", new byte[] {1});
        event(7, EventType.EV_SEPARATOR, new byte[4]);
        variable(7, EventType.EV_EFI_VARIABLE_DRIVER_CONFIG, EfiGuid.EFI_GLOBAL_VARIABLE, "PK", new byte[0]);
        EventLog parsed = EventLog.parse(log.toByteArray());

        VerifiedEvents verified = parsed.replay(parsed.computePcrs());
        VerificationException e = catchThrowableOfType(VerificationException.class,
                () -> SecureBootState.from(verified));

        assertThat(e.reason()).isEqualTo(Reason.EVENT_AFTER_SEPARATOR);
        assertThat(e.getMessage()).contains("event 2 (EV_EFI_VARIABLE_DRIVER_CONFIG, PCR7)", "PK");
    }

    @Test
    void fromWhenVariablesBeforeSeparatorThenStateRead() throws Exception {
        variable(7, EventType.EV_EFI_VARIABLE_DRIVER_CONFIG, EfiGuid.EFI_GLOBAL_VARIABLE, "SecureBoot", new byte[] {0});
        event(7, EventType.EV_SEPARATOR, new byte[4]);
        EventLog parsed = EventLog.parse(log.toByteArray());

        SecureBootState state = SecureBootState.from(parsed.replay(parsed.computePcrs()));

        assertThat(state.enabled()).isFalse();
        assertThat(state.pk()).isEmpty();
    }

    @Test
    void replayWhenTrailingWindowsEventsWithoutPcrThenQuirkRecorded() throws Exception {
        event(4, EventType.EV_EFI_ACTION, "x".getBytes(StandardCharsets.US_ASCII));
        event(0xffffffffL, new EventType(0x80000002L), new byte[8]);
        event(0xffffffffL, new EventType(0x80000002L), new byte[8]);
        EventLog parsed = EventLog.parse(log.toByteArray());

        VerifiedEvents verified = parsed.replay(parsed.computePcrs());

        assertThat(verified.quirks()).singleElement().satisfies(q -> {
            assertThat(q.quirk()).isEqualTo(EventLogQuirk.TRAILING_EVENTS_WITHOUT_PCR);
            assertThat(q.detail()).contains("2 trailing events");
        });
        assertThat(verified.events()).hasSize(1);
    }

    @Test
    void parseWhenEventWithoutPcrBeforeMeasuredEventThenRejected() throws Exception {
        event(0xffffffffL, new EventType(0x80000002L), new byte[8]);
        event(4, EventType.EV_EFI_ACTION, "x".getBytes(StandardCharsets.US_ASCII));

        EvidenceFormatException e = catchThrowableOfType(EvidenceFormatException.class,
                () -> EventLog.parse(log.toByteArray()));

        assertThat(e.field()).isEqualTo("event 1.pcrIndex");
    }

    @Test
    void computePcrsWhenStartupLocality3ThenPcr0StartsAtThree() throws Exception {
        byte[] locality = "StartupLocality\0\3".getBytes(StandardCharsets.US_ASCII);
        event(0, EventType.EV_NO_ACTION, locality);
        event(0, EventType.EV_S_CRTM_VERSION, new byte[] {0x31, 0});
        EventLog parsed = EventLog.parse(log.toByteArray());

        byte[] start = new byte[20];
        start[19] = 3;
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(start);
        sha1.update(MessageDigest.getInstance("SHA-1").digest(new byte[] {0x31, 0}));
        assertThat(parsed.computePcrs().getFirst().value(0)).hasValueSatisfying(v ->
                assertThat(v).isEqualTo(sha1.digest()));
        assertThat(parsed.unverifiedEvents().getFirst().decode())
                .isEqualTo(new EventData.StartupLocality(3));
    }

    @Test
    void replayWhenEventDataFlippedThenReplayStillMatchesButDecodedDigestCheckFails() throws Exception {
        variable(7, EventType.EV_EFI_VARIABLE_DRIVER_CONFIG, EfiGuid.EFI_GLOBAL_VARIABLE, "SecureBoot", new byte[] {1});
        event(7, EventType.EV_SEPARATOR, new byte[4]);
        byte[] bytes = log.toByteArray();
        List<PcrValues> quoted = EventLog.parse(bytes).computePcrs();
        bytes[bytes.length - 4 - 32 - 1] ^= 1; // SecureBoot's data byte, end of event 0

        VerificationException e = catchThrowableOfType(VerificationException.class,
                () -> SecureBootState.from(EventLog.parse(bytes).replay(quoted)));

        assertThat(e.reason()).isEqualTo(Reason.EVENT_DIGEST_MISMATCH);
        assertThat(e.getMessage()).contains("event 0 (EV_EFI_VARIABLE_DRIVER_CONFIG, PCR7)");
    }

    private void variable(long pcr, EventType type, EfiGuid guid, String name, byte[] value) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(32 + name.length() * 2 + value.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) guid.uuid().getMostSignificantBits() >>> 0 == 0 ? 0 : (int) (guid.uuid()
                .getMostSignificantBits() >>> 32));
        b.putShort((short) (guid.uuid().getMostSignificantBits() >>> 16));
        b.putShort((short) guid.uuid().getMostSignificantBits());
        b.order(ByteOrder.BIG_ENDIAN).putLong(guid.uuid().getLeastSignificantBits()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(name.length()).putLong(value.length);
        b.put(name.getBytes(StandardCharsets.UTF_16LE)).put(value);
        event(pcr, type, b.array());
    }

    private void event(long pcr, EventType type, byte[] data) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(32 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) pcr).putInt((int) type.code());
        b.put(MessageDigest.getInstance("SHA-1").digest(data));
        b.putInt(data.length).put(data);
        log.write(b.array());
    }
}

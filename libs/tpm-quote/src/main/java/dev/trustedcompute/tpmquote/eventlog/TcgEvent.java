package dev.trustedcompute.tpmquote.eventlog;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One event as it appears in the log: unverified until a replay has matched its PCR. For CC event logs (CCEL)
 * {@link #pcrIndex()} holds the CC measurement register index instead.
 *
 * @param sequence position in the log, 0 = first event (the Spec ID header in crypto-agile logs)
 * @param offset byte offset of the event in the log
 * @param pcrIndex UINT32 PCRIndex (0xffffffff = "no PCR", used by Windows)
 * @param type event type
 * @param digests the event's digests (one SHA-1 in legacy logs), in log order
 * @param data the event data exactly as logged
 */
public record TcgEvent(int sequence, int offset, long pcrIndex, EventType type, List<EventDigest> digests,
                       byte[] data) {

    /** PCRIndex value meaning "measured into no PCR". */
    public static final long NO_PCR = 0xffffffffL;

    public TcgEvent {
        digests = List.copyOf(digests);
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The digest for {@code algorithm}, if the event carries one. */
    public Optional<EventDigest> digest(DigestAlgorithm algorithm) {
        return digests.stream().filter(d -> d.algorithm().equals(algorithm)).findFirst();
    }

    /** Decodes the data by event type; never throws: malformed data becomes {@link EventData.Malformed}. */
    public EventData decode() {
        return EventDataDecoder.decode(type, data);
    }

    /** Short description for error messages: "event 12 (EV_SEPARATOR, PCR7)". */
    public String describe() {
        return "event " + sequence + " (" + type.name() + ", PCR"
                + (pcrIndex == NO_PCR ? "-1" : Long.toString(pcrIndex)) + ")";
    }

    @Override
    public String toString() {
        return describe() + " data=" + HexFormat.of().formatHex(data, 0, Math.min(data.length, 32))
                + (data.length > 32 ? "..." : "");
    }
}

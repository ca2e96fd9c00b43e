package dev.trustedcompute.trustagent.cc;

import dev.trustedcompute.tpmquote.eventlog.EventDigest;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import java.util.Base64;
import java.util.List;

/**
 * One event of a TCG-format log as the CC Trusted API returns it, the same for a crypto-agile TPM log and a TDX
 * CCEL: {@code imrIndex} is the PCR index for a TPM and the CC measurement register index for TDX (0 = MRTD,
 * 1..4 = RTMR0..3, as the CCEL itself encodes it), so it always names a register of
 * {@code get_cc_measurement}. The Spec ID header (EV_NO_ACTION) is included, as in the log.
 *
 * @param recNum        position in the log, 0 = first event
 * @param imrIndex      register index ({@code 4294967295} = "no register", Windows' PCR -1)
 * @param eventType     UINT32 event type
 * @param eventTypeName its TCG name, or hex for vendor types
 * @param digests       the event's digests in log order
 * @param event         the event data, base64
 */
public record CcEvent(int recNum, long imrIndex, long eventType, String eventTypeName, List<Digest> digests,
                      String event) {

    /** One digest of an event. */
    public record Digest(String algorithm, String digest) {
    }

    public CcEvent {
        digests = digests == null ? List.of() : List.copyOf(digests);
    }

    static CcEvent of(TcgEvent e) {
        return new CcEvent(e.sequence(), e.pcrIndex(), e.type().code(), e.type().name(),
                e.digests().stream().map(CcEvent::digest).toList(), Base64.getEncoder().encodeToString(e.data()));
    }

    private static Digest digest(EventDigest d) {
        return new Digest(d.algorithm().name(), d.hex());
    }
}

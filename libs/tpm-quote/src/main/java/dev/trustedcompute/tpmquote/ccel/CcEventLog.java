package dev.trustedcompute.tpmquote.ccel;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.eventlog.EventLogFormat;
import dev.trustedcompute.tpmquote.eventlog.EventType;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed, <b>unverified</b> confidential-computing event log (the CCEL data area of a TDX guest,
 * {@code /sys/firmware/acpi/tables/data/CCEL}). The layout is the TCG crypto-agile log (see {@link EventLog}):
 * a legacy-format Spec ID event, then TCG_PCR_EVENT2 entries whose "PCR index" is the CC measurement register
 * index ({@link CcMeasurementRegister}) and whose digests are SHA-384. The area has a fixed size (the table's
 * LAML); firmware fills the unused end with 0xff (or 0x00), which ends the log ({@link #unusedTail()}).
 *
 * <p>Replay: RTMR[n] starts as 48 zero bytes and each event with CC MR index n+1 extends it:
 * {@code RTMR = SHA-384(RTMR || digest)}. EV_NO_ACTION events extend nothing. MRTD (index 0) is measured by the
 * TDX module when the TD is built, so index-0 events cannot be replayed and are reported as unverified.
 */
public final class CcEventLog {

    private final EventLog log;

    private CcEventLog(EventLog log) {
        this.log = log;
    }

    /** Parses a CCEL data area (whole LAML-sized buffer, or a copy trimmed at the fill). */
    public static CcEventLog parse(byte[] logArea) throws EvidenceFormatException {
        EventLog log = EventLog.parseLogArea(logArea);
        if (log.format() != EventLogFormat.CRYPTO_AGILE) {
            throw new EvidenceFormatException(0, "CCEL", "not a crypto-agile log (no Spec ID event)");
        }
        if (!log.algorithms().contains(DigestAlgorithm.SHA384)) {
            throw new EvidenceFormatException(0, "CCEL.specId", "does not list SHA-384 (lists " + log.algorithms()
                    + ")");
        }
        for (TcgEvent e : log.unverifiedEvents()) {
            if (CcMeasurementRegister.fromCcMrIndex(e.pcrIndex()).isEmpty()) {
                throw new EvidenceFormatException(e.offset(), "event " + e.sequence() + ".mrIndex", "CC MR index "
                        + e.pcrIndex() + " is not 0..4");
            }
        }
        return new CcEventLog(log);
    }

    /** Every event in log order, the Spec ID header included. Unverified: for display and debugging only. */
    public List<TcgEvent> unverifiedEvents() {
        return log.unverifiedEvents();
    }

    /** Where the events end in the area and which byte fills the rest. */
    public EventLog.UnusedTail unusedTail() {
        return log.unusedTail();
    }

    /** The register an event was measured into. */
    public static CcMeasurementRegister register(TcgEvent event) {
        return CcMeasurementRegister.fromCcMrIndex(event.pcrIndex()).orElseThrow(() ->
                new IllegalArgumentException(event.describe() + " has no CC MR index"));
    }

    /** RTMR0..3 as the log replays them (unverified). */
    public RtmrValues computeRtmrs() {
        List<byte[]> rtmrs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rtmrs.add(new byte[RtmrValues.SIZE]);
        }
        try {
            for (TcgEvent e : log.unverifiedEvents()) {
                if (!extendsRtmr(e)) {
                    continue;
                }
                int n = (int) e.pcrIndex() - 1;
                byte[] digest = e.digest(DigestAlgorithm.SHA384).orElseThrow().value();
                rtmrs.set(n, DigestAlgorithm.SHA384.extend(rtmrs.get(n), digest));
            }
        } catch (VerificationException e) {
            throw new IllegalStateException("SHA-384 unavailable", e);
        }
        return new RtmrValues(rtmrs);
    }

    private static boolean extendsRtmr(TcgEvent e) {
        return !e.type().equals(EventType.EV_NO_ACTION) && e.pcrIndex() >= 1 && e.pcrIndex() <= 4;
    }

    /** Indexes (0..3) of the RTMRs whose replay differs from {@code quoted}. */
    public List<Integer> mismatchedRtmrs(RtmrValues quoted) {
        RtmrValues replayed = computeRtmrs();
        List<Integer> out = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            if (!Arrays.equals(replayed.rtmr(n), quoted.rtmr(n))) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * Replays the log against the RTMRs of a verified TD quote. All four must match: an RTMR extended outside
     * the log is as suspicious as a log event that was never extended.
     *
     * @throws VerificationException {@code EVENT_LOG_REPLAY_MISMATCH} naming each differing RTMR with both values
     */
    public VerifiedCcEvents replay(RtmrValues quoted) throws VerificationException {
        List<Integer> bad = mismatchedRtmrs(quoted);
        if (!bad.isEmpty()) {
            RtmrValues replayed = computeRtmrs();
            throw new VerificationException(Reason.EVENT_LOG_REPLAY_MISMATCH, "CC event log does not replay to the "
                    + "quoted RTMRs: " + bad.stream().map(n -> "RTMR" + n + " (sha384): quoted " + quoted.hex(n)
                    + ", " + log.unverifiedEvents().stream().filter(e -> extendsRtmr(e) && e.pcrIndex() == n + 1)
                    .count() + " events replay to " + replayed.hex(n)).collect(Collectors.joining("; ")));
        }
        List<TcgEvent> verified = log.unverifiedEvents().stream().filter(CcEventLog::extendsRtmr).toList();
        List<TcgEvent> mrtd = log.unverifiedEvents().stream()
                .filter(e -> e.pcrIndex() == 0 && !e.type().equals(EventType.EV_NO_ACTION)).toList();
        return new VerifiedCcEvents(verified, mrtd);
    }

    @Override
    public String toString() {
        return "CcEventLog[" + log.unverifiedEvents().size() + " events, tail " + log.unusedTail() + ", RTMR0="
                + HexFormat.of().formatHex(computeRtmrs().rtmr(0)) + "]";
    }
}

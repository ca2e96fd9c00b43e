package dev.trustedcompute.tpmquote.eventlog;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parsed, <b>unverified</b> TCG PC Client event log (TCG PC Client Platform Firmware Profile, section 10).
 * Nothing in it can be trusted until {@link #replay(QuotedPcrs)} has matched it against the PCRs of a verified quote;
 * only the {@link VerifiedEvents} it returns may be interpreted (for example by {@link SecureBootState#from}).
 *
 * <p>Two layouts are accepted:
 * <pre>
 * legacy (TCG_PCClientPCREvent), every event:       crypto-agile, after the legacy-format Spec ID event:
 *   UINT32 pcrIndex                                   UINT32 pcrIndex
 *   UINT32 eventType                                  UINT32 eventType
 *   BYTE   digest[20]          (SHA-1)                TPML_DIGEST_VALUES {UINT32 count; TPMT_HA digests[count]}
 *   UINT32 eventDataSize                              UINT32 eventSize
 *   BYTE   event[eventDataSize]                       BYTE   event[eventSize]
 * </pre>
 * All integers are little-endian. A TPMT_HA is {@code UINT16 hashAlg} followed by a digest whose size is the one
 * the Spec ID event lists for that algorithm; algorithms the Spec ID event does not list are rejected.
 */
public final class EventLog {

    /** Upper bound on events, so that a hostile log cannot make replay quadratic or exhaust memory. */
    public static final int MAX_EVENTS = 100_000;
    /** Upper bound on one event's data (large db/dbx variables are tens of KiB). */
    public static final int MAX_EVENT_DATA = 16 * 1024 * 1024;
    /** Upper bound on the algorithms of a Spec ID event (TPMs implement a handful of banks). */
    public static final int MAX_ALGORITHMS = 16;
    /** Highest PCR (or CC measurement register) index accepted besides 0xffffffff; TPMs have 24 PCRs. */
    public static final long MAX_PCR_INDEX = 1023;

    private static final byte[] SPEC_ID_SIGNATURE = "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII);

    private final EventLogFormat format;
    private final SpecIdEvent specId;
    private final List<TcgEvent> events;
    private final UnusedTail unusedTail;

    private EventLog(EventLogFormat format, SpecIdEvent specId, List<TcgEvent> events, UnusedTail unusedTail) {
        this.format = format;
        this.specId = specId;
        this.events = List.copyOf(events);
        this.unusedTail = unusedTail;
    }

    /**
     * The unused end of a fixed-size log area (ACPI TPM2/CCEL "log area minimum length"), filled by firmware with
     * one byte value. {@code length} is 0 for an exact log.
     */
    public record UnusedTail(int offset, int length, int fill) {
    }

    /** Parses an exact log (as read from {@code binary_bios_measurements}): every byte must belong to an event. */
    public static EventLog parse(byte[] log) throws EvidenceFormatException {
        return parse(log, false);
    }

    /**
     * Parses a firmware log area whose end is unused and filled with 0xff (erased) or 0x00 (zeroed): the log ends
     * where only fill bytes remain, and {@link #unusedTail()} says where and with what. Used for CCEL data.
     */
    public static EventLog parseLogArea(byte[] logArea) throws EvidenceFormatException {
        return parse(logArea, true);
    }

    private static EventLog parse(byte[] log, boolean area) throws EvidenceFormatException {
        ByteReader r = ByteReader.littleEndian(log);
        int fillStart = area ? trailingFillStart(log) : log.length;
        List<TcgEvent> events = new ArrayList<>();
        if (!r.hasRemaining() || r.position() >= fillStart) {
            throw new EvidenceFormatException(0, "event log", "empty");
        }
        TcgEvent first = readLegacyEvent(r, 0);
        events.add(first);
        SpecIdEvent specId = null;
        EventLogFormat format = EventLogFormat.SHA1;
        // PFP puts the Spec ID event in PCR0; CCEL puts it at CC MR index 1 (RTMR0), so the index is not checked
        if (first.type().equals(EventType.EV_NO_ACTION) && startsWith(first.data(), SPEC_ID_SIGNATURE)) {
            ByteReader header = ByteReader.littleEndian(log);
            header.skip(first.offset() + 32, "event 0");
            specId = parseSpecId(header.slice(first.data().length, "event 0.event"));
            format = EventLogFormat.CRYPTO_AGILE;
        }
        boolean sawNoPcr = first.pcrIndex() == TcgEvent.NO_PCR;
        while (r.hasRemaining() && r.position() < fillStart) {
            if (events.size() >= MAX_EVENTS) {
                throw new EvidenceFormatException(r.position(), "event log", "more than " + MAX_EVENTS + " events");
            }
            int sequence = events.size();
            TcgEvent e = specId == null ? readLegacyEvent(r, sequence) : readAgileEvent(r, sequence, specId);
            if (e.pcrIndex() == TcgEvent.NO_PCR) {
                sawNoPcr = true;
            } else if (sawNoPcr) {
                // Windows' PCR -1 events are tolerated only as a trailing run (EventLogQuirk.TRAILING_EVENTS_WITHOUT_PCR)
                throw new EvidenceFormatException(e.offset(), "event " + sequence + ".pcrIndex",
                        "measured event after an event with PCR index 0xffffffff");
            }
            events.add(e);
        }
        UnusedTail tail = new UnusedTail(r.position(), log.length - r.position(),
                r.position() < log.length ? log[r.position()] & 0xff : 0);
        return new EventLog(format, specId, events, tail);
    }

    /** Start of the maximal run of 0xff or 0x00 bytes at the end of the area (the area's length when none). */
    private static int trailingFillStart(byte[] log) {
        if (log.length == 0) {
            return 0;
        }
        byte fill = log[log.length - 1];
        if (fill != (byte) 0xff && fill != 0) {
            return log.length;
        }
        int i = log.length;
        while (i > 0 && log[i - 1] == fill) {
            i--;
        }
        return i;
    }

    private static TcgEvent readLegacyEvent(ByteReader r, int sequence) throws EvidenceFormatException {
        int offset = r.position();
        String f = "event " + sequence;
        long pcr = pcrIndex(r, f);
        long type = r.u32(f + ".eventType");
        byte[] digest = r.bytes(20, f + ".digest");
        int size = r.length32(f + ".eventDataSize", MAX_EVENT_DATA);
        byte[] data = r.bytes(size, f + ".event");
        return new TcgEvent(sequence, offset, pcr, new EventType(type),
                List.of(new EventDigest(DigestAlgorithm.SHA1, digest)), data);
    }

    private static TcgEvent readAgileEvent(ByteReader r, int sequence, SpecIdEvent specId)
            throws EvidenceFormatException {
        int offset = r.position();
        String f = "event " + sequence;
        long pcr = pcrIndex(r, f);
        long type = r.u32(f + ".eventType");
        int countAt = r.position();
        long count = r.u32(f + ".digests.count");
        if (count > specId.algorithms().size()) {
            throw new EvidenceFormatException(countAt, f + ".digests.count", count
                    + " digests but the Spec ID event lists " + specId.algorithms().size() + " algorithms");
        }
        List<EventDigest> digests = new ArrayList<>((int) count);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int algAt = r.position();
            int algId = r.u16(f + ".digests[" + i + "].hashAlg");
            DigestAlgorithm alg = specId.algorithms().stream().filter(a -> a.id() == algId).findFirst()
                    .orElseThrow(() -> new EvidenceFormatException(algAt, f + ".digests.hashAlg",
                            String.format("algorithm 0x%04x is not listed in the Spec ID event", algId)));
            if (!seen.add(algId)) {
                throw new EvidenceFormatException(algAt, f + ".digests.hashAlg", "duplicate digest for " + alg);
            }
            digests.add(new EventDigest(alg, r.bytes(alg.size(), f + ".digests[" + i + "].digest")));
        }
        int size = r.length32(f + ".eventSize", MAX_EVENT_DATA);
        byte[] data = r.bytes(size, f + ".event");
        EventType eventType = new EventType(type);
        if (!eventType.equals(EventType.EV_NO_ACTION) && pcr != TcgEvent.NO_PCR
                && digests.size() != specId.algorithms().size()) {
            // every extend goes to all active banks (PFP 10.2.2); a missing digest would make a bank unreplayable
            throw new EvidenceFormatException(countAt, f + ".digests", "has " + digests.size()
                    + " digests, the Spec ID event lists " + specId.algorithms().size() + " algorithms");
        }
        return new TcgEvent(sequence, offset, pcr, eventType, digests, data);
    }

    private static long pcrIndex(ByteReader r, String f) throws EvidenceFormatException {
        int at = r.position();
        long pcr = r.u32(f + ".pcrIndex");
        if (pcr > MAX_PCR_INDEX && pcr != TcgEvent.NO_PCR) {
            throw new EvidenceFormatException(at, f + ".pcrIndex", "PCR index " + pcr + " out of range");
        }
        return pcr;
    }

    private static SpecIdEvent parseSpecId(ByteReader r) throws EvidenceFormatException {
        int start = r.position();
        r.skip(16, "specId.signature");
        long platformClass = r.u32("specId.platformClass");
        int minor = r.u8("specId.specVersionMinor");
        int major = r.u8("specId.specVersionMajor");
        int errata = r.u8("specId.specErrata");
        int uintnSize = r.u8("specId.uintnSize");
        if (major != 2 || minor != 0) {
            throw new EvidenceFormatException(start + 20, "specId.specVersion", "version " + major + "." + minor
                    + ", expected 2.0");
        }
        int countAt = r.position();
        long count = r.u32("specId.numberOfAlgorithms");
        if (count == 0 || count > MAX_ALGORITHMS) {
            throw new EvidenceFormatException(countAt, "specId.numberOfAlgorithms", count
                    + " algorithms, expected 1.." + MAX_ALGORITHMS);
        }
        List<DigestAlgorithm> algs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = r.position();
            int id = r.u16("specId.digestSizes[" + i + "].algorithmId");
            int size = r.u16("specId.digestSizes[" + i + "].digestSize");
            if (size == 0) {
                throw new EvidenceFormatException(at, "specId.digestSizes", "zero digest size");
            }
            DigestAlgorithm alg = new DigestAlgorithm(id, size);
            Optional<DigestAlgorithm> known = DigestAlgorithm.known(id);
            if (known.isPresent() && !known.get().equals(alg)) {
                throw new EvidenceFormatException(at, "specId.digestSizes", known.get() + " with size " + size);
            }
            if (algs.stream().anyMatch(a -> a.id() == id)) {
                throw new EvidenceFormatException(at, "specId.digestSizes", "duplicate algorithm " + alg);
            }
            algs.add(alg);
        }
        int vendorSize = r.u8("specId.vendorInfoSize");
        byte[] vendor = r.bytes(vendorSize, "specId.vendorInfo");
        r.expectEnd("specId");
        return new SpecIdEvent(platformClass, minor, major, errata, uintnSize, algs, vendor);
    }

    static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    public EventLogFormat format() {
        return format;
    }

    /** The Spec ID header of a crypto-agile log. */
    public Optional<SpecIdEvent> specId() {
        return Optional.ofNullable(specId);
    }

    /** The banks this log carries digests for (SHA-1 only for legacy logs). */
    public List<DigestAlgorithm> algorithms() {
        return specId == null ? List.of(DigestAlgorithm.SHA1) : specId.algorithms();
    }

    /**
     * Every event, in log order, including the Spec ID header event. <b>Unverified: for debugging and display
     * only.</b> Decisions must use {@link #replay(QuotedPcrs)}'s result.
     */
    public List<TcgEvent> unverifiedEvents() {
        return events;
    }

    /** Where the events end in a log area and what fills the rest (length 0 for an exact log). */
    public UnusedTail unusedTail() {
        return unusedTail;
    }

    /**
     * The values the log replays to, per bank it carries and can compute (banks of unknown algorithms are left
     * out), for every PCR that has events. Unverified: for CLIs and for creating flavors from a trusted host.
     */
    public List<PcrValues> computePcrs() {
        return Replayer.computeAll(this);
    }

    /**
     * Replays the log against the PCRs of a verified quote (every bank it covers) and returns the events the quote
     * vouches for. A PCR whose replay differs from its quoted value in any bank that the log carries fails the
     * whole call, after the named {@link EventLogQuirk}s have been tried. Events of PCRs that are not quoted are
     * not verified and not returned. Quoted banks the log has no digests for are listed in
     * {@link VerifiedEvents#uncheckedBanks()}.
     *
     * @throws VerificationException {@code EVENT_LOG_REPLAY_MISMATCH} naming each failing PCR and bank (see
     *     {@link #replayMismatches(QuotedPcrs)} for the structured list), or when no quoted bank is in the log
     */
    public VerifiedEvents replay(QuotedPcrs quoted) throws VerificationException {
        return replay(banks(quoted));
    }

    /**
     * Like {@link #replay(QuotedPcrs)}, but each PCR stands alone: a PCR whose replay differs from the quote (in any
     * bank) loses its own events in every bank, while the events of the PCRs that do replay are still vouched for
     * (each PCR's value commits to its own events only). For verifiers that report every fault: one unlogged extend
     * of PCR 8 then does not hide what PCRs 0-7 measured.
     *
     * @throws VerificationException {@code EVENT_LOG_REPLAY_MISMATCH} only when no quoted bank is in the log
     */
    public PartialReplay replayEachPcr(QuotedPcrs quoted) throws VerificationException {
        return Replayer.partial(this, banks(quoted));
    }

    /** {@link #replayEachPcr(QuotedPcrs)} against bare PCR values, for this package's tests. */
    PartialReplay replayEachPcr(List<PcrValues> quoted) throws VerificationException {
        return Replayer.partial(this, quoted);
    }

    /**
     * The outcome of {@link #replayEachPcr(QuotedPcrs)}.
     *
     * @param verified   the events of the PCRs that replay (a failing PCR is in none of its banks)
     * @param mismatches the PCRs, per bank, whose replay differs from the quote; empty when all replay
     */
    public record PartialReplay(VerifiedEvents verified, List<PcrMismatch> mismatches) {
        public PartialReplay {
            mismatches = List.copyOf(mismatches);
        }

        /** Whether {@code pcr} failed replay in some bank. */
        public boolean failed(int pcr) {
            return mismatches.stream().anyMatch(m -> m.pcr() == pcr);
        }
    }

    /**
     * The PCRs that fail replay against a verified quote (after quirks), for callers that collect all faults.
     * Empty when {@link #replay(QuotedPcrs)} would succeed or fails for another reason.
     */
    public List<PcrMismatch> replayMismatches(QuotedPcrs quoted) {
        return Replayer.mismatches(this, banks(quoted));
    }

    /**
     * Replay against bare PCR values. Package-private on purpose: outside this package replay takes only the
     * output of a verified quote; tests here replay captured logs against the values their sources state.
     */
    VerifiedEvents replay(List<PcrValues> quoted) throws VerificationException {
        return Replayer.replay(this, quoted);
    }

    /** {@link #replayMismatches(QuotedPcrs)} against bare PCR values, for this package's tests (see {@link #replay(List)}). */
    List<PcrMismatch> replayMismatches(List<PcrValues> quoted) {
        return Replayer.mismatches(this, quoted);
    }

    /** {@link #replay(List)} for one or more banks. */
    VerifiedEvents replay(PcrValues... quoted) throws VerificationException {
        return replay(List.of(quoted));
    }

    private static List<PcrValues> banks(QuotedPcrs quoted) {
        List<PcrValues> banks = new ArrayList<>();
        for (TpmHash hash : quoted.banks()) {
            Map<Integer, byte[]> values = new TreeMap<>();
            for (int index : quoted.indices(hash)) {
                values.put(index, quoted.value(hash, index).orElseThrow());
            }
            banks.add(new PcrValues(DigestAlgorithm.known(hash.algId()).orElseThrow(() ->
                    new IllegalStateException("TpmHash " + hash + " has no DigestAlgorithm")), values));
        }
        return banks;
    }

    /** Banks present in both the log and {@code quoted}, keyed for lookups. */
    static Map<DigestAlgorithm, PcrValues> byAlgorithm(List<PcrValues> banks) {
        java.util.LinkedHashMap<DigestAlgorithm, PcrValues> map = new java.util.LinkedHashMap<>();
        for (PcrValues b : banks) {
            if (map.put(b.algorithm(), b) != null) {
                throw new IllegalArgumentException("bank " + b.algorithm() + " given twice");
            }
        }
        return map;
    }

    @Override
    public String toString() {
        return "EventLog[" + format + ", " + algorithms() + ", " + events.size() + " events]";
    }
}

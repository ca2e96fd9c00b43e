package dev.trustedcompute.tpmquote.eventlog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The events of an event log that a replay matched to quoted PCR values; only {@link EventLog#replay} creates
 * these. Everything an interpreter (Secure Boot state, flavor matching) reads must come from here.
 */
public final class VerifiedEvents {

    private final EventLogFormat format;
    private final List<TcgEvent> events;
    private final Map<DigestAlgorithm, SortedSet<Integer>> verifiedPcrs;
    private final List<AppliedQuirk> quirks;
    private final List<DigestAlgorithm> uncheckedBanks;
    private final SortedSet<Integer> unquotedPcrs;

    VerifiedEvents(EventLogFormat format, List<TcgEvent> events, Map<DigestAlgorithm, SortedSet<Integer>> verifiedPcrs,
                   List<AppliedQuirk> quirks, List<DigestAlgorithm> uncheckedBanks, SortedSet<Integer> unquotedPcrs) {
        this.format = format;
        this.events = List.copyOf(events);
        LinkedHashMap<DigestAlgorithm, SortedSet<Integer>> copy = new LinkedHashMap<>();
        verifiedPcrs.forEach((k, v) -> copy.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
        this.verifiedPcrs = Collections.unmodifiableMap(copy);
        this.quirks = List.copyOf(quirks);
        this.uncheckedBanks = List.copyOf(uncheckedBanks);
        this.unquotedPcrs = Collections.unmodifiableSortedSet(new TreeSet<>(unquotedPcrs));
    }

    public EventLogFormat format() {
        return format;
    }

    /** Measured events of verified PCRs, in log order (EV_NO_ACTION events are never verified: they extend nothing). */
    public List<TcgEvent> events() {
        return events;
    }

    /** Verified events of one PCR, in log order. */
    public List<TcgEvent> events(int pcr) {
        return events.stream().filter(e -> e.pcrIndex() == pcr).toList();
    }

    /** Per bank that was checked, the PCRs whose replay equals the quoted value. */
    public Map<DigestAlgorithm, SortedSet<Integer>> verifiedPcrs() {
        return verifiedPcrs;
    }

    /** Whether {@code pcr} was verified in at least one bank. */
    public boolean isVerified(int pcr) {
        return verifiedPcrs.values().stream().anyMatch(s -> s.contains(pcr));
    }

    /** Quirks the replay had to apply, each with what it did; empty for a log that follows the profile. */
    public List<AppliedQuirk> quirks() {
        return quirks;
    }

    /** Quoted banks the log carries no digests for: their values were not checked against the log. */
    public List<DigestAlgorithm> uncheckedBanks() {
        return uncheckedBanks;
    }

    /** PCRs that have events in the log but were not quoted: their events are not verified. */
    public SortedSet<Integer> unquotedPcrs() {
        return unquotedPcrs;
    }

    @Override
    public String toString() {
        return "VerifiedEvents[" + events.size() + " events, PCRs " + verifiedPcrs + ", quirks " + quirks + "]";
    }
}

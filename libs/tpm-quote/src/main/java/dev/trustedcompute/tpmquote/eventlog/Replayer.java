package dev.trustedcompute.tpmquote.eventlog;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** PCR replay: TPM2_PCR_Extend of every measured event's digest, per PCR and bank. */
final class Replayer {

    static final String EBS_INVOCATION = "Exit Boot Services Invocation";
    static final String EBS_SUCCESS = "Exit Boot Services Returned with Success";
    private static final byte[] STARTUP_LOCALITY = "StartupLocality\0".getBytes(StandardCharsets.US_ASCII);

    private Replayer() {
    }

    private record Outcome(List<PcrMismatch> mismatches, VerifiedEvents verified) {
    }

    static List<PcrValues> computeAll(EventLog log) {
        List<PcrValues> out = new ArrayList<>();
        for (DigestAlgorithm alg : log.algorithms()) {
            if (alg.isKnown()) {
                out.add(new PcrValues(alg, computeBank(log.unverifiedEvents(), alg, false)));
            }
        }
        return out;
    }

    /** Whether an event is extended into a PCR (EV_NO_ACTION and PCR -1 events are not). */
    static boolean isMeasured(TcgEvent e) {
        return e.pcrIndex() != TcgEvent.NO_PCR && !e.type().equals(EventType.EV_NO_ACTION);
    }

    /**
     * Replays one bank. PCR0 starts at 0..0L instead of zero when an EV_NO_ACTION "StartupLocality" event
     * (PFP 10.4.5.3) precedes its first measurement: TPM2_Startup from locality L (3 or 4) resets PCR0 so.
     */
    static TreeMap<Integer, byte[]> computeBank(List<TcgEvent> events, DigestAlgorithm alg, boolean appendEbs) {
        TreeMap<Integer, byte[]> pcrs = new TreeMap<>();
        try {
            for (TcgEvent e : events) {
                if (e.pcrIndex() == 0 && e.type().equals(EventType.EV_NO_ACTION) && !pcrs.containsKey(0)
                        && e.data().length == 17 && EventLog.startsWith(e.data(), STARTUP_LOCALITY)) {
                    byte[] initial = new byte[alg.size()];
                    initial[initial.length - 1] = e.data()[16];
                    pcrs.put(0, initial);
                    continue;
                }
                if (!isMeasured(e)) {
                    continue;
                }
                int pcr = (int) e.pcrIndex();
                byte[] digest = e.digest(alg).orElseThrow(() -> new IllegalStateException(
                        e.describe() + " has no " + alg + " digest; the parser guarantees one")).value();
                byte[] old = pcrs.getOrDefault(pcr, new byte[alg.size()]);
                pcrs.put(pcr, alg.extend(old, digest));
            }
            if (appendEbs) {
                byte[] v = pcrs.getOrDefault(5, new byte[alg.size()]);
                v = alg.extend(v, alg.hash(EBS_INVOCATION.getBytes(StandardCharsets.US_ASCII)));
                v = alg.extend(v, alg.hash(EBS_SUCCESS.getBytes(StandardCharsets.US_ASCII)));
                pcrs.put(5, v);
            }
        } catch (VerificationException e) {
            throw new IllegalStateException("known algorithm " + alg + " not computable", e);
        }
        // a PCR0 that only got its locality has no events: drop it like any PCR without events
        if (pcrs.containsKey(0) && events.stream().noneMatch(e -> isMeasured(e) && e.pcrIndex() == 0)) {
            pcrs.remove(0);
        }
        return pcrs;
    }

    static VerifiedEvents replay(EventLog log, List<PcrValues> quoted) throws VerificationException {
        Outcome outcome = run(log, quoted);
        if (!outcome.mismatches().isEmpty()) {
            throw new VerificationException(Reason.EVENT_LOG_REPLAY_MISMATCH, "event log does not replay to the "
                    + "quoted PCRs: " + outcome.mismatches().stream().map(PcrMismatch::describe)
                    .collect(Collectors.joining("; ")));
        }
        return outcome.verified();
    }

    /** Every PCR on its own: the events of the PCRs that replay, and the PCRs that do not. */
    static EventLog.PartialReplay partial(EventLog log, List<PcrValues> quoted) throws VerificationException {
        Outcome outcome = run(log, quoted);
        return new EventLog.PartialReplay(outcome.verified(), outcome.mismatches());
    }

    static List<PcrMismatch> mismatches(EventLog log, List<PcrValues> quoted) {
        try {
            return run(log, quoted).mismatches();
        } catch (VerificationException e) {
            return List.of();
        }
    }

    private static Outcome run(EventLog log, List<PcrValues> quoted) throws VerificationException {
        Map<DigestAlgorithm, PcrValues> banks = EventLog.byAlgorithm(quoted);
        List<DigestAlgorithm> checkable = new ArrayList<>();
        List<DigestAlgorithm> unchecked = new ArrayList<>();
        for (DigestAlgorithm alg : banks.keySet()) {
            (log.algorithms().contains(alg) && alg.isKnown() ? checkable : unchecked).add(alg);
        }
        if (checkable.isEmpty()) {
            throw new VerificationException(Reason.EVENT_LOG_REPLAY_MISMATCH, "none of the quoted banks "
                    + banks.keySet() + " is carried by the event log (it has " + log.algorithms() + ")");
        }
        List<TcgEvent> events = log.unverifiedEvents();
        List<PcrMismatch> mismatches = new ArrayList<>();
        List<AppliedQuirk> quirks = new ArrayList<>();
        Map<DigestAlgorithm, SortedSet<Integer>> verifiedPcrs = new LinkedHashMap<>();
        SortedSet<Integer> verifiedAny = new TreeSet<>();
        for (DigestAlgorithm alg : checkable) {
            PcrValues bank = banks.get(alg);
            TreeMap<Integer, byte[]> replayed = computeBank(events, alg, false);
            SortedSet<Integer> ok = new TreeSet<>();
            for (Map.Entry<Integer, byte[]> e : replayed.entrySet()) {
                int pcr = e.getKey();
                byte[] want = bank.values().get(pcr);
                if (want == null) {
                    continue;
                }
                if (Arrays.equals(want, e.getValue())) {
                    ok.add(pcr);
                    continue;
                }
                if (pcr == 5 && !hasExitBootServicesEvents(events)) {
                    byte[] withEbs = computeBank(events, alg, true).get(5);
                    if (Arrays.equals(want, withEbs)) {
                        quirks.add(new AppliedQuirk(EventLogQuirk.EXIT_BOOT_SERVICES_EVENTS_MISSING, "PCR5 ("
                                + alg + ") matches the quote only after appending the unlogged EV_EFI_ACTION "
                                + "events \"" + EBS_INVOCATION + "\" and \"" + EBS_SUCCESS + "\""));
                        ok.add(pcr);
                        continue;
                    }
                }
                long count = events.stream().filter(ev -> isMeasured(ev) && ev.pcrIndex() == pcr).count();
                mismatches.add(new PcrMismatch(alg, pcr, want, e.getValue(), (int) count));
            }
            verifiedPcrs.put(alg, ok);
            verifiedAny.addAll(ok);
        }
        List<TcgEvent> noPcr = events.stream().filter(e -> e.pcrIndex() == TcgEvent.NO_PCR).toList();
        if (!noPcr.isEmpty()) {
            quirks.add(new AppliedQuirk(EventLogQuirk.TRAILING_EVENTS_WITHOUT_PCR, noPcr.size()
                    + " trailing events with PCR index 0xffffffff (events " + noPcr.getFirst().sequence() + ".."
                    + noPcr.getLast().sequence() + ") were not replayed"));
        }
        // a PCR that fails in any bank vouches for none of its events, in no bank
        Set<Integer> failed = mismatches.stream().map(PcrMismatch::pcr).collect(Collectors.toSet());
        verifiedAny.removeAll(failed);
        verifiedPcrs.values().forEach(ok -> ok.removeAll(failed));
        SortedSet<Integer> unquoted = new TreeSet<>();
        for (TcgEvent e : events) {
            int pcr = (int) e.pcrIndex();
            if (isMeasured(e) && !verifiedAny.contains(pcr) && !failed.contains(pcr)) {
                unquoted.add(pcr);
            }
        }
        List<TcgEvent> verified = events.stream()
                .filter(e -> isMeasured(e) && verifiedAny.contains((int) e.pcrIndex()))
                .toList();
        return new Outcome(List.copyOf(mismatches), new VerifiedEvents(log.format(), verified, verifiedPcrs, quirks,
                unchecked, unquoted));
    }

    private static boolean hasExitBootServicesEvents(List<TcgEvent> events) {
        byte[] invocation = EBS_INVOCATION.getBytes(StandardCharsets.US_ASCII);
        return events.stream().anyMatch(e -> e.pcrIndex() == 5 && e.type().equals(EventType.EV_EFI_ACTION)
                && Arrays.equals(e.data(), invocation));
    }
}

package dev.trustedcompute.hvs.rules;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.eventlog.AppliedQuirk;
import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.eventlog.PcrMismatch;
import dev.trustedcompute.tpmquote.eventlog.SecureBootState;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import dev.trustedcompute.tpmquote.eventlog.VerifiedEvents;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What rules and flavor creation may read from a {@link HostManifest}: quoted PCR values, and events only from a
 * replay that equals the quote, PCR by PCR ({@link EventLog#replayEachPcr(QuotedPcrs)}): a PCR whose replay fails
 * (in any bank) vouches for none of its events, and the reason names it; the other PCRs' events still count, so one
 * unlogged extend does not hide what the rest of the boot measured. The event log is parsed and replayed once per
 * quote.
 */
public final class Evidence {

    /** The events of one PCR in one bank, verified by replay, or why they are not. */
    public sealed interface PcrEvents {
        /** Events whose replay equals the quoted value, in log order (empty for a PCR still at its reset value). */
        record Verified(List<TcgEvent> events) implements PcrEvents {
            public Verified {
                events = List.copyOf(events);
            }
        }

        /** Events that cannot be trusted, and why. */
        record Unverified(String reason) implements PcrEvents {
        }
    }

    /** Secure Boot as read from verified PCR7 events; {@code enabled} null when it could not be read. */
    public record SecureBoot(Boolean enabled, String problem) {
    }

    /** One quote's replay, PCR by PCR, or why there is none at all. */
    private record Replay(EventLog.PartialReplay partial, String failure) {
    }

    private final HostManifest manifest;
    private final EventLog log;
    private final String logProblem;
    private final Map<QuotedPcrs, Replay> replays = new IdentityHashMap<>();
    private final Set<String> quirks = new LinkedHashSet<>();
    private final SecureBoot secureBoot;

    private Evidence(HostManifest manifest, EventLog log, String logProblem) {
        this.manifest = manifest;
        this.log = log;
        this.logProblem = logProblem;
        if (log != null) {
            for (QuotedPcrs quote : manifest.quotes()) {
                replays.put(quote, replay(log, quote));
            }
        }
        this.secureBoot = readSecureBoot();
    }

    public static Evidence of(HostManifest manifest) {
        byte[] bytes = manifest.eventLog();
        if (bytes == null) {
            return new Evidence(manifest, null, "the host sent no event log");
        }
        try {
            return new Evidence(manifest, EventLog.parse(bytes), null);
        } catch (EvidenceFormatException e) {
            return new Evidence(manifest, null, "the event log is malformed: " + e.getMessage());
        }
    }

    private Replay replay(EventLog eventLog, QuotedPcrs quote) {
        try {
            EventLog.PartialReplay partial = eventLog.replayEachPcr(quote);
            partial.verified().quirks().forEach(q -> quirks.add(describe(q)));
            return new Replay(partial, null);
        } catch (VerificationException e) {
            return new Replay(null, "the event log does not replay to the quote: " + e.getMessage());
        }
    }

    private static String mismatchOf(EventLog.PartialReplay partial, int pcr) {
        return "the event log does not replay to the quote: " + partial.mismatches().stream()
                .filter(m -> m.pcr() == pcr).map(PcrMismatch::describe).collect(Collectors.joining("; "));
    }

    public HostManifest manifest() {
        return manifest;
    }

    /** The quoted value of {@code pcr} in {@code bank}. */
    public Optional<byte[]> quoted(int pcr, TpmHash bank) {
        QuotedPcrs quote = manifest.quote(bank);
        return quote == null ? Optional.empty() : quote.value(bank, pcr);
    }

    /** Whether the event log exists and carries digests of {@code bank}. */
    public boolean logCarries(TpmHash bank) {
        return log != null && log.algorithms().contains(algorithm(bank));
    }

    /** The verified events of {@code pcr} in {@code bank}. */
    public PcrEvents events(int pcr, TpmHash bank) {
        if (log == null) {
            return new PcrEvents.Unverified(logProblem);
        }
        Optional<byte[]> quoted = quoted(pcr, bank);
        if (quoted.isEmpty()) {
            return new PcrEvents.Unverified("PCR " + pcr + " (" + bank + ") was not quoted");
        }
        if (!logCarries(bank)) {
            return new PcrEvents.Unverified("the event log carries no " + bank + " digests (it has "
                    + log.algorithms() + ")");
        }
        Replay replay = replays.get(manifest.quote(bank));
        if (replay.partial() == null) {
            return new PcrEvents.Unverified(replay.failure());
        }
        if (replay.partial().failed(pcr)) {
            return new PcrEvents.Unverified(mismatchOf(replay.partial(), pcr));
        }
        VerifiedEvents verified = replay.partial().verified();
        if (verified.verifiedPcrs().getOrDefault(algorithm(bank), Collections.emptySortedSet()).contains(pcr)) {
            return new PcrEvents.Verified(verified.events(pcr));
        }
        // no event extends this PCR: only a PCR still at its reset value is explained by the log
        for (byte b : quoted.get()) {
            if (b != 0) {
                return new PcrEvents.Unverified("PCR " + pcr + " (" + bank + ") is "
                        + HexFormat.of().formatHex(quoted.get()) + " but the event log has no events for it");
            }
        }
        return new PcrEvents.Verified(List.of());
    }

    /** Secure Boot state from the verified PCR7 events of the first quote that vouches for them. */
    public SecureBoot secureBoot() {
        return secureBoot;
    }

    private SecureBoot readSecureBoot() {
        if (log == null) {
            return new SecureBoot(null, logProblem);
        }
        List<String> problems = new ArrayList<>();
        for (QuotedPcrs quote : manifest.quotes()) {
            Replay replay = replays.get(quote);
            if (replay.partial() == null) {
                problems.add(replay.failure());
            } else if (replay.partial().failed(7)) {
                problems.add(mismatchOf(replay.partial(), 7));
            } else if (!replay.partial().verified().isVerified(7)) {
                problems.add("PCR 7 of the " + quote.banks() + " quote is not vouched for by the event log");
            } else {
                try {
                    return new SecureBoot(SecureBootState.from(replay.partial().verified()).enabled(), null);
                } catch (VerificationException e) {
                    return new SecureBoot(null, e.reason() + ": " + e.getMessage());
                }
            }
        }
        return new SecureBoot(null, String.join("; ", problems));
    }

    /** Quirks the replays applied, named. */
    public List<String> quirks() {
        return List.copyOf(quirks);
    }

    private static String describe(AppliedQuirk quirk) {
        return quirk.quirk().name() + ": " + quirk.detail();
    }

    static DigestAlgorithm algorithm(TpmHash bank) {
        return DigestAlgorithm.known(bank.algId()).orElseThrow(() -> new IllegalStateException("no " + bank));
    }
}

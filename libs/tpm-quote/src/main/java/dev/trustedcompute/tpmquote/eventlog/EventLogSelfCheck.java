package dev.trustedcompute.tpmquote.eventlog;

import dev.trustedcompute.tpmquote.VerificationException;
import java.util.List;
import java.util.Optional;

/**
 * A log replayed against PCR values that no quote vouches for (an operator's file, or the values the log itself
 * computes), for tools: the {@code eventlog} CLI and flavor creation on a host the operator trusts. It says whether
 * the log is consistent with those values and what it claims about Secure Boot. <b>Nothing here is verified</b>;
 * attestation decisions use {@link EventLog#replay(dev.trustedcompute.tpmquote.tpm.QuotedPcrs)}.
 *
 * @param consistent        whether the log replays to the claimed values (after the named quirks)
 * @param mismatches        the PCRs whose replay differs (may be empty when inconsistent for another reason, e.g.
 *                          no bank in common; then {@code problem} says why)
 * @param quirks            quirks the replay applied
 * @param secureBootEnabled what the PCR7 events say (the SecureBoot variable), when consistent and readable
 * @param problem           why the log is inconsistent or {@code secureBootEnabled} is empty
 */
public record EventLogSelfCheck(boolean consistent, List<PcrMismatch> mismatches, List<AppliedQuirk> quirks,
                                Optional<Boolean> secureBootEnabled, Optional<String> problem) {

    public EventLogSelfCheck {
        mismatches = List.copyOf(mismatches);
        quirks = List.copyOf(quirks);
    }

    /** Replays {@code log} against {@code claimed} (every bank the caller has values for). */
    public static EventLogSelfCheck run(EventLog log, List<PcrValues> claimed) {
        VerifiedEvents events;
        try {
            events = log.replay(claimed);
        } catch (VerificationException e) {
            return new EventLogSelfCheck(false, log.replayMismatches(claimed), List.of(), Optional.empty(),
                    Optional.of(e.getMessage()));
        }
        try {
            return new EventLogSelfCheck(true, List.of(), events.quirks(),
                    Optional.of(SecureBootState.from(events).enabled()), Optional.empty());
        } catch (VerificationException e) {
            return new EventLogSelfCheck(true, List.of(), events.quirks(), Optional.empty(),
                    Optional.of(e.getMessage()));
        }
    }
}

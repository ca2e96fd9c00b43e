package dev.trustedcompute.tpmquote.eventlog;

/**
 * Known firmware or OS deviations from the TCG PC Client profile that this library accepts only by name. Every use
 * is recorded in {@link VerifiedEvents#quirks()} so that reports can show it; none is applied silently.
 */
public enum EventLogQuirk {
    /**
     * The firmware extended PCR5 with the two EV_EFI_ACTION events "Exit Boot Services Invocation" and
     * "Exit Boot Services Returned with Success" but did not log them. Replay appends both (digest = hash of the
     * ASCII string in every bank) to PCR5 and retries, as go-attestation's ebsInvocation workaround does.
     */
    EXIT_BOOT_SERVICES_EVENTS_MISSING,
    /**
     * Windows appends events with PCR index 0xffffffff (-1) at the end of the log. They measure nothing and are
     * left out of replay; the log is accepted only when all such events come after every real event.
     */
    TRAILING_EVENTS_WITHOUT_PCR
}

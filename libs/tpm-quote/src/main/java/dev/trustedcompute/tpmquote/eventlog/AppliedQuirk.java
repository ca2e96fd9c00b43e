package dev.trustedcompute.tpmquote.eventlog;

/**
 * A quirk that replay had to apply, with what it did (which PCR, bank and events).
 */
public record AppliedQuirk(EventLogQuirk quirk, String detail) {
}

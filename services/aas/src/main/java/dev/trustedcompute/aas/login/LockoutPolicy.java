package dev.trustedcompute.aas.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Brute-force defence, as in Intel SecL AAS ({@code constants.go DefaultAuthDefend*}): {@code maxFailures} failed
 * logins within {@code window} lock the username for {@code lockout}. A successful login clears the record.
 * Pure: the caller supplies the time.
 */
public record LockoutPolicy(int maxFailures, Duration window, Duration lockout) {

    /** SecL defaults: 5 failures within 5 minutes lock for 15 minutes. */
    public static final LockoutPolicy DEFAULT = new LockoutPolicy(5, Duration.ofMinutes(5), Duration.ofMinutes(15));

    public LockoutPolicy {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("lockout policy needs maxFailures >= 1 and positive durations");
        }
    }

    /** The end of the lockout in force at {@code now}, if any. */
    public Optional<Instant> lockedUntil(LoginFailures record, Instant now) {
        if (record == null || record.lockedUntil() == null || !now.isBefore(record.lockedUntil())) {
            return Optional.empty();
        }
        return Optional.of(record.lockedUntil());
    }

    /** The record after one more failure at {@code now}; locks when the count within the window reaches the limit. */
    public LoginFailures afterFailure(LoginFailures record, Instant now) {
        boolean freshWindow = record == null
                || record.lockedUntil() != null && !now.isBefore(record.lockedUntil())
                || !now.isBefore(record.windowStart().plus(window));
        int failures = freshWindow ? 1 : record.failures() + 1;
        Instant windowStart = freshWindow ? now : record.windowStart();
        Instant lockedUntil = failures >= maxFailures ? now.plus(lockout) : null;
        return new LoginFailures(failures, windowStart, lockedUntil);
    }
}

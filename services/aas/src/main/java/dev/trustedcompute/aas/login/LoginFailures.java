package dev.trustedcompute.aas.login;

import java.time.Instant;

/**
 * Failed logins recorded for one submitted username.
 *
 * @param failures    failures counted in the current window
 * @param windowStart time of the first failure of the window
 * @param lockedUntil end of the current lockout, or null
 */
public record LoginFailures(int failures, Instant windowStart, Instant lockedUntil) {
}

package dev.trustedcompute.cms.bootstrap;

import java.time.Instant;

/** Remembers which bootstrap tokens were used (by SHA-256), so each works exactly once. */
public interface BootstrapTokenLedger {

    /** True if a token with this hash was already used. */
    boolean isUsed(String tokenSha256);

    /** Records the first use; false if it was already recorded (a replay, possibly concurrent). */
    boolean markUsed(String tokenSha256, String subject, Instant expiresAt, Instant usedAt);
}

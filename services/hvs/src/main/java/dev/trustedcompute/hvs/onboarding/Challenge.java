package dev.trustedcompute.hvs.onboarding;

import java.time.Instant;
import java.util.UUID;

/**
 * An outstanding credential challenge: the keys it was made for and SHA-256 of the secret only the TPM holding
 * the EK (with that AK loaded) can recover.
 */
public record Challenge(UUID id, UUID hostId, byte[] akPublic, byte[] akName, byte[] ekPublic, byte[] ekCertificate,
                        byte[] secretSha256, Instant expiresAt) {
}

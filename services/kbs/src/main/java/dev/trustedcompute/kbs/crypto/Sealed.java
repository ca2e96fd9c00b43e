package dev.trustedcompute.kbs.crypto;

/**
 * Data encrypted under a master key: AES-256-GCM with a 12-byte IV; {@code ciphertext} ends with the 16-byte tag.
 *
 * @param keyId      id of the master key that sealed it
 * @param iv         the GCM IV
 * @param ciphertext ciphertext and tag
 */
public record Sealed(String keyId, byte[] iv, byte[] ciphertext) {
}

package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.time.Instant;
import java.util.Base64;

/**
 * A nonce HVS handed to a host. The quote it leads to carries {@link #extraData()} = SHA-256(nonce), as in
 * Intel SecL.
 */
public record IssuedNonce(byte[] nonce, Instant expiresAt) {

    public IssuedNonce {
        nonce = nonce.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The quote's expected extraData, and the nonce's key in storage. */
    public byte[] extraData() {
        return extraData(nonce);
    }

    public static byte[] extraData(byte[] nonce) {
        return TpmHash.SHA256.digest(nonce);
    }
}

package dev.trustedcompute.rvps.signers;

import java.security.PublicKey;
import java.time.Instant;

/**
 * A key allowed to sign reference value bundles.
 *
 * @param id        the configured name; bundles carry it as the JWS {@code kid} and provenance records it
 * @param notBefore start of the certificate's validity, null for a bare public key
 * @param notAfter  end of the certificate's validity, null for a bare public key
 */
public record TrustedSigner(String id, PublicKey publicKey, Instant notBefore, Instant notAfter) {

    /** True unless the signer came from a certificate that is not valid at {@code now}. */
    public boolean validAt(Instant now) {
        return (notBefore == null || !now.isBefore(notBefore)) && (notAfter == null || !now.isAfter(notAfter));
    }
}

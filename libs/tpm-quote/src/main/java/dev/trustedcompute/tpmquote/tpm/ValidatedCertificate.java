package dev.trustedcompute.tpmquote.tpm;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * An EK or AK certificate whose chain to a configured root validated at {@link #validatedAt()}. Only
 * {@link TpmCertificateValidator#validate} creates instances.
 */
public final class ValidatedCertificate {

    private final List<X509Certificate> path;
    private final Instant validatedAt;

    ValidatedCertificate(List<X509Certificate> path, Instant validatedAt) {
        this.path = List.copyOf(path);
        this.validatedAt = validatedAt;
    }

    /** The certificate that was validated. */
    public X509Certificate certificate() {
        return path.get(0);
    }

    /** Its public key (compare with the EK/AK the TPM presented). */
    public PublicKey publicKey() {
        return certificate().getPublicKey();
    }

    /** The chain, leaf first, ending with the trusted root. */
    public List<X509Certificate> path() {
        return path;
    }

    /** The verification time the chain was checked at. */
    public Instant validatedAt() {
        return validatedAt;
    }
}

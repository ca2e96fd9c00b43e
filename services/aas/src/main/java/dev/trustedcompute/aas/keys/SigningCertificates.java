package dev.trustedcompute.aas.keys;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** Where the certificate chain of a new signing key comes from: self-signed (local lab) or CMS. */
public interface SigningCertificates {

    /**
     * @param keyPair the new key
     * @param now     current time
     * @param current the ring in force, or null at first start (CMS then uses the bootstrap token)
     * @return the chain, leaf (for {@code keyPair}) first
     */
    List<X509Certificate> issue(KeyPair keyPair, Instant now, SigningKeyRing current);
}

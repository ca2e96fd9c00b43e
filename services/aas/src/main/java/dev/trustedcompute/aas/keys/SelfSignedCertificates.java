package dev.trustedcompute.aas.keys;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Local lab: each signing key certifies itself. Relying services trust the JWKS, not the certificate. */
public final class SelfSignedCertificates implements SigningCertificates {

    private final SigningKeyFactory factory;
    private final Duration validity;

    public SelfSignedCertificates(SigningKeyFactory factory, Duration validity) {
        this.factory = factory;
        this.validity = validity;
    }

    @Override
    public List<X509Certificate> issue(KeyPair keyPair, Instant now, SigningKeyRing current) {
        return List.of(factory.selfSigned(keyPair, now, validity));
    }
}

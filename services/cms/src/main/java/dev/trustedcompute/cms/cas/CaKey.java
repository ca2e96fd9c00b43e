package dev.trustedcompute.cms.cas;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** One CA: its private key and certificate (self-signed for the root, root-signed for issuing CAs). */
public record CaKey(CaName name, PrivateKey privateKey, X509Certificate certificate) {
    @Override
    public String toString() {
        return "CaKey[" + name + ", " + certificate.getSubjectX500Principal() + "]";  // never print the key
    }
}

package dev.trustedcompute.cms.cas;

import dev.trustedcompute.cms.authority.CertType;
import dev.trustedcompute.cms.authority.SubjectAltName;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.time.Duration;
import java.util.List;

/**
 * Everything the signer needs for one leaf, after all sign options were applied. The subject is the CN
 * alone: other attributes a CSR asks for (O, OU, ...) were never approved, so they are not copied.
 */
public record LeafTemplate(CertType type, String commonName, List<SubjectAltName> sans, SubjectPublicKeyInfo publicKey,
                           Duration validity) {
    public LeafTemplate {
        sans = List.copyOf(sans);
    }
}

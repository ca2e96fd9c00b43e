package dev.trustedcompute.cms.authority;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.util.List;

/**
 * A CSR whose self-signature verified ({@link CertificateSigningRequest#verifySignature()} is the only
 * constructor caller). Proof of possession of the key is established; the names are only <em>requested</em>
 * and still need an approval ({@link SignOption.ApprovedIdentities}).
 *
 * @param der        the request exactly as received
 * @param publicKey  the subject public key
 * @param commonName the single subject CN
 * @param sans       requested DNS/IP SANs, normalised, without duplicates
 */
public record VerifiedCsr(byte[] der, SubjectPublicKeyInfo publicKey, String commonName, List<SubjectAltName> sans) {
    public VerifiedCsr {
        der = der.clone();
        sans = List.copyOf(sans);
    }

    @Override
    public byte[] der() { return der.clone(); }

    /** "CN=a;SAN=b,c" as used in error details and selectors. */
    public String describe() {
        return "CN=" + commonName + (sans.isEmpty() ? "" : ";SAN=" + String.join(",", sans.stream().map(SubjectAltName::text).toList()));
    }
}

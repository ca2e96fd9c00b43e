package dev.trustedcompute.aas.keys;

import dev.trustedcompute.aas.permissions.Permission;
import dev.trustedcompute.aas.token.JwtTokenIssuer;
import dev.trustedcompute.aas.token.TokenRequest;
import dev.trustedcompute.servicekit.identity.CmsClient;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Signing certificates from CMS: AAS makes the key locally and sends only a CSR. The first request uses the
 * configured bootstrap token; later rotations authenticate with a short-lived token AAS signs with its current
 * key (role {@code CMS:CertApprover}, rule {@code certificates:create:*}), as CMS trusts AAS's JWKS. The returned
 * chain must certify the new key and lead to the CMS root, which is appended.
 */
public final class CmsSigningCertificates implements SigningCertificates {

    private final CmsClient cms;
    private final SigningKeyFactory factory;
    private final String bootstrapToken;
    private final String issuer;
    private final Clock clock;

    public CmsSigningCertificates(CmsClient cms, SigningKeyFactory factory, String bootstrapToken, String issuer,
                                  Clock clock) {
        this.cms = cms;
        this.factory = factory;
        this.bootstrapToken = bootstrapToken;
        this.issuer = issuer;
        this.clock = clock;
    }

    @Override
    public List<X509Certificate> issue(KeyPair keyPair, Instant now, SigningKeyRing current) {
        String token = current == null ? bootstrapToken : selfIssuedToken(current);
        try {
            List<X509Certificate> chain = new ArrayList<>(cms.sign(factory.csrPem(keyPair), "Signing", token));
            List<X509Certificate> roots = cms.caCertificates("root");
            if (roots.size() != 1) {
                throw new SigningKeyException("CMS returned " + roots.size() + " root certificates, expected 1", null);
            }
            X509Certificate root = roots.getFirst();
            if (!chain.getLast().equals(root)) {
                chain.add(root);
            }
            verify(chain, keyPair, now);
            return chain;
        } catch (IOException e) {
            throw new SigningKeyException("cannot get a signing certificate from CMS: " + e.getMessage(), e);
        }
    }

    private String selfIssuedToken(SigningKeyRing current) {
        var request = new TokenRequest("aas",
                List.of(new TokenRequest.RoleClaim("CMS", "CertApprover",
                        "CN=AAS JWT Signing Certificate;certType=Signing")),
                List.of(new Permission("CMS", List.of("certificates:create:*"))),
                Duration.ofMinutes(5));
        return new JwtTokenIssuer(current::active, (r, c) -> {
        }, issuer, clock).issue(request).token();
    }

    /** Leaf certifies our key; each certificate is signed by the next; the root signs itself; all valid now. */
    static void verify(List<X509Certificate> chain, KeyPair keyPair, Instant now) {
        if (!chain.getFirst().getPublicKey().equals(keyPair.getPublic())) {
            throw new SigningKeyException("CMS returned a certificate for another public key than the CSR's", null);
        }
        try {
            for (int i = 0; i < chain.size(); i++) {
                X509Certificate cert = chain.get(i);
                X509Certificate issuerCert = i + 1 < chain.size() ? chain.get(i + 1) : cert;
                cert.verify(issuerCert.getPublicKey());
                cert.checkValidity(java.util.Date.from(now));
            }
        } catch (GeneralSecurityException e) {
            throw new SigningKeyException("certificate chain from CMS does not verify up to its root: "
                    + e.getMessage(), e);
        }
    }
}

package dev.trustedcompute.rvps.signers;

import com.nimbusds.jose.jwk.Curve;
import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The signers whose bundles RVPS accepts, read once from configuration ({@code tc.rvps.trusted-signers}: id ->
 * PEM). A PEM that is not exactly one EC (P-256/P-384/P-521) or RSA (>= 2048 bits) public key or certificate
 * stops the service at start, naming the signer: a typo must not silently disable a signer.
 */
public final class TrustedSigners {

    private static final Set<Curve> CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);
    private static final int MIN_RSA_BITS = 2048;

    private final Map<String, TrustedSigner> byId;

    private TrustedSigners(Map<String, TrustedSigner> byId) {
        this.byId = Map.copyOf(byId);
    }

    /** @throws IllegalArgumentException naming the first signer whose PEM is unusable */
    public static TrustedSigners fromPem(Map<String, String> pemById) {
        Map<String, TrustedSigner> signers = new TreeMap<>();
        pemById.forEach((id, pem) -> {
            if (id.isBlank()) {
                throw new IllegalArgumentException("tc.rvps.trusted-signers: a signer id must not be blank");
            }
            try {
                signers.put(id, parse(id, pem));
            } catch (IOException | CertificateException | IllegalArgumentException e) {
                throw new IllegalArgumentException("tc.rvps.trusted-signers." + id + ": " + e.getMessage(), e);
            }
        });
        return new TrustedSigners(signers);
    }

    public Optional<TrustedSigner> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Configured signer ids, sorted (for the start-up log). */
    public Set<String> ids() {
        return new TreeMap<>(byId).keySet();
    }

    private static TrustedSigner parse(String id, String pem) throws IOException, CertificateException {
        Object first;
        try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
            first = parser.readObject();
            if (first != null && parser.readObject() != null) {
                throw new IllegalArgumentException("expected exactly one PEM object (one key or one certificate)");
            }
        }
        TrustedSigner signer = switch (first) {
            case SubjectPublicKeyInfo spki ->
                    new TrustedSigner(id, new JcaPEMKeyConverter().getPublicKey(spki), null, null);
            case X509CertificateHolder holder -> {
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
                yield new TrustedSigner(id, certificate.getPublicKey(), certificate.getNotBefore().toInstant(),
                        certificate.getNotAfter().toInstant());
            }
            case null -> throw new IllegalArgumentException("no PEM PUBLIC KEY or CERTIFICATE found");
            default -> throw new IllegalArgumentException("expected a PEM PUBLIC KEY or CERTIFICATE, found "
                    + first.getClass().getSimpleName() + " (never configure a private key here)");
        };
        checkStrength(signer.publicKey());
        return signer;
    }

    private static void checkStrength(PublicKey key) {
        switch (key) {
            case ECPublicKey ec -> {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                if (curve == null || !CURVES.contains(curve)) {
                    throw new IllegalArgumentException("EC keys must be on P-256, P-384 or P-521");
                }
            }
            case RSAPublicKey rsa -> {
                if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                    throw new IllegalArgumentException("RSA keys must have at least " + MIN_RSA_BITS + " bits, this has "
                            + rsa.getModulus().bitLength());
                }
            }
            default -> throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm()
                    + " (EC or RSA only)");
        }
    }
}

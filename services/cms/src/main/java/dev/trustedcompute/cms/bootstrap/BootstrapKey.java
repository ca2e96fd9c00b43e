package dev.trustedcompute.cms.bootstrap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.trustedcompute.cms.cas.CaKeyStore;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * The key that signs bootstrap tokens (ES384). Kept beside the CA keys, in its own passphrase-protected
 * PKCS#12 file, so that the {@code token} CLI and the server share it without any network call. It is not a CA
 * key: its self-signed certificate only exists because PKCS#12 stores private keys with a certificate.
 */
public final class BootstrapKey {
    public static final String FILE_NAME = "bootstrap-token-key.p12";

    private final ECKey jwk;

    private BootstrapKey(ECKey jwk) {
        this.jwk = jwk;
    }

    /** Loads the key, creating it on first use (by whichever of server and CLI runs first). */
    public static BootstrapKey loadOrCreate(CaKeyStore store, Clock clock, SecureRandom random) {
        Optional<CaKeyStore.LoadedEntry> loaded = store.load(FILE_NAME);
        if (loaded.isEmpty()) {
            create(store, clock, random);
            loaded = store.load(FILE_NAME);
        }
        CaKeyStore.LoadedEntry entry = loaded.orElseThrow();
        if (!(entry.certificate().getPublicKey() instanceof ECPublicKey pub) || !(entry.privateKey() instanceof ECPrivateKey priv)) {
            throw new IllegalStateException(store.fileOf(FILE_NAME) + " does not hold an EC key");
        }
        try {
            ECKey key = new ECKey.Builder(Curve.P_384, pub).privateKey(priv).keyIDFromThumbprint().build();
            return new BootstrapKey(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot compute the bootstrap key id", e);
        }
    }

    private static void create(CaKeyStore store, Clock clock, SecureRandom random) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp384r1"), random);
            KeyPair kp = gen.generateKeyPair();
            X500Name name = new X500Name("CN=CMS Bootstrap Token Signer");
            Instant now = clock.instant();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(128, random).setBit(127),
                    Date.from(now), Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(kp.getPrivate())));
            store.create(FILE_NAME, kp.getPrivate(), cert);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the bootstrap token key", e);
        }
    }

    /** Public and private JWK (with kid = RFC 7638 thumbprint). */
    public ECKey signingJwk() { return jwk; }

    public ECPublicKey publicKey() {
        try {
            return jwk.toECPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.trustedcompute.attestationmanager;

import dev.trustedcompute.servicekit.identity.Pem;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Stands in for CMS and HVS's signing identity in tests: a root CA, a signing CA under it, and an HVS report
 * signing certificate (EC P-256, as HVS makes them now), made with Bouncy Castle. {@link #foreign()} is an unrelated hierarchy with the
 * same names, for forged reports.
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate root;
    private final X509Certificate signingCa;
    private final KeyPair signingCaKey;
    private final Signer hvs;

    private TestPki(X509Certificate root, X509Certificate signingCa, KeyPair signingCaKey) {
        this.root = root;
        this.signingCa = signingCa;
        this.signingCaKey = signingCaKey;
        this.hvs = leaf("secp256r1", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)), false);
    }

    public static TestPki create() {
        Instant now = Instant.now();
        KeyPair rootKey = keyPair("secp384r1");
        X509Certificate root = certificate("CN=Trusted Compute CMS Root CA", rootKey, "CN=Trusted Compute CMS Root CA",
                rootKey.getPrivate(), true, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), false);
        KeyPair caKey = keyPair("secp384r1");
        X509Certificate ca = certificate("CN=Trusted Compute CMS Signing CA", caKey, "CN=Trusted Compute CMS Root CA",
                rootKey.getPrivate(), true, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1825)), false);
        return new TestPki(root, ca, caKey);
    }

    /** Another CA hierarchy with the same names: reports it signs must not be trusted. */
    public static TestPki foreign() {
        return create();
    }

    public X509Certificate root() {
        return root;
    }

    /** HVS's report-signing identity: key and chain (leaf, signing CA; the root is not included, as CMS serves it). */
    public Signer hvs() {
        return hvs;
    }

    /** A report signer on {@code curve} under the same CA, e.g. secp384r1 like HVS keys made before. */
    public Signer signer(String curve) {
        return leaf(curve, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), false);
    }

    /** A signer whose certificate expired yesterday. */
    public Signer expiredSigner() {
        return leaf("secp384r1", Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)), false);
    }

    /** A TLS server certificate for 127.0.0.1 under the same CA, as CMS issues to HVS and AAS. */
    public Signer tlsServer() {
        return leaf("secp384r1", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), true);
    }

    /** A TLS context serving {@link #tlsServer()} (for {@code HttpsServer} stand-ins). */
    public SSLContext serverTls() {
        try {
            Signer server = tlsServer();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("tls", server.key(), new char[0], server.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Path writeRootPem(Path dir) {
        try {
            Path file = dir.resolve("cms-root.pem");
            Files.writeString(file, Pem.encode(List.of(root)));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signing key and its certificate chain (leaf first). */
    public record Signer(PrivateKey key, List<X509Certificate> chain) {
    }

    private Signer leaf(String curve, Instant from, Instant to, boolean tlsServer) {
        KeyPair key = keyPair(curve);
        X509Certificate leaf = certificate(tlsServer ? "CN=127.0.0.1" : "CN=HVS Report Signing", key,
                signingCa.getSubjectX500Principal().getName(), signingCaKey.getPrivate(), false, from, to, tlsServer);
        return new Signer(key.getPrivate(), List.of(leaf, signingCa));
    }

    static KeyPair keyPair(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKey, String issuer, PrivateKey issuerKey,
                                               boolean ca, Instant from, Instant to, boolean tlsServer) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(from), Date.from(to), new X500Name(subject),
                    subjectKey.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            if (tlsServer) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

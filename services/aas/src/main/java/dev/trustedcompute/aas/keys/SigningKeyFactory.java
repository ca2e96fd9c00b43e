package dev.trustedcompute.aas.keys;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Makes P-384 signing key pairs, their self-signed certificates (local lab) and CSRs for CMS. */
public final class SigningKeyFactory {

    /** Subject of the signing certificate (the CN SecL uses for the AAS JWT signing cert). */
    public static final String SUBJECT = "CN=AAS JWT Signing Certificate";

    private final SecureRandom random;

    public SigningKeyFactory(SecureRandom random) {
        this.random = random;
    }

    public KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-384 key generation unavailable", e);
        }
    }

    /** Self-signed end-entity certificate (digitalSignature, not a CA), valid from a minute before {@code now}. */
    public X509Certificate selfSigned(KeyPair keyPair, Instant now, Duration validity) {
        try {
            X500Name subject = new X500Name(SUBJECT);
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, random).add(BigInteger.ONE),
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(validity)), subject, keyPair.getPublic());
            var ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    ext.createSubjectKeyIdentifier(keyPair.getPublic()));
            var signer = new JcaContentSignerBuilder("SHA384withECDSA").build(keyPair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make self-signed certificate", e);
        }
    }

    /** PEM PKCS#10 request for the key, subject {@link #SUBJECT}, signed SHA384withECDSA. */
    public String csrPem(KeyPair keyPair) {
        try {
            var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name(SUBJECT), keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA384withECDSA").build(keyPair.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(csr);
            }
            return out.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make CSR", e);
        }
    }
}

package dev.trustedcompute.hvs.reports;

import dev.trustedcompute.hvs.config.HvsProperties;
import dev.trustedcompute.servicekit.identity.CmsClient;
import dev.trustedcompute.servicekit.identity.IdentityProperties;
import dev.trustedcompute.servicekit.identity.ServiceIdentity;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Loads (or on first start obtains) the report signing key: from CMS when {@code tc.identity.cms-url} is set,
 * else a locally generated, self-signed one. Either way it lives in the PKCS#12 file
 * {@code tc.hvs.signing.key-store}, encrypted with {@code tc.hvs.signing.key-store-password}.
 * <p>
 * New keys are EC P-256 (reports signed ES256): the evidence a report rests on is signed at 112-128-bit strength
 * (TPM AKs are RSA-2048 or ECC P-256), so P-384 added no security, only CPU (Bouncy Castle signs ES256 in 115 µs
 * against 304 µs for ES384, docs/BENCHMARKS.md). A key store made before with a P-384 key is kept and signs ES384.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
public class ReportSigningConfiguration {

    static final String LOCAL_ALIAS = "report-signing";
    static final Duration LOCAL_VALIDITY = Duration.ofDays(3650);
    private static final Logger log = LoggerFactory.getLogger(ReportSigningConfiguration.class);

    @Bean
    ReportSigningKey reportSigningKey(HvsProperties properties, IdentityProperties identity, SecureRandom random,
                                      Clock clock) throws IOException, GeneralSecurityException {
        HvsProperties.Signing signing = properties.signing();
        if (signing.keyStorePassword() == null || signing.keyStorePassword().length() < 12) {
            throw new IllegalStateException("tc.hvs.signing.key-store-password is not set or shorter than 12 characters: "
                    + "set TC_HVS_SIGNING_KEY_STORE_PASSWORD; it encrypts the report signing key at rest");
        }
        char[] password = signing.keyStorePassword().toCharArray();
        ReportSigningKey key = identity.cmsUrl() != null
                ? fromCms(signing, identity, password)
                : local(signing.keyStore(), signing.commonName(), password, random, clock.instant());
        log.info("trust reports are signed by {} ({}), certificate valid until {}", key.leaf().getSubjectX500Principal(),
                key.origin(), key.leaf().getNotAfter().toInstant());
        return key;
    }

    static ReportSigningKey fromCms(HvsProperties.Signing signing, IdentityProperties identity, char[] password)
            throws IOException, GeneralSecurityException {
        ServiceIdentity id = ServiceIdentity.loadOrEnroll(
                new ServiceIdentity.Request("Signing", signing.commonName(), List.of(), signing.keyStore(), password,
                        ServiceIdentity.KeyCurve.P_256),
                new CmsClient(identity.cmsUrl(), null), signing.bootstrapToken(), identity.cmsRootSha384());
        List<X509Certificate> chain = new ArrayList<>(id.chain());
        chain.add(id.root());
        return new ReportSigningKey(id.privateKey(), chain, ReportSigningKey.Origin.CMS);
    }

    static ReportSigningKey local(Path file, String commonName, char[] password, SecureRandom random, Instant now)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password);
            }
            PrivateKey key = (PrivateKey) store.getKey(LOCAL_ALIAS, password);
            Certificate[] chain = store.getCertificateChain(LOCAL_ALIAS);
            if (key == null || chain == null) {
                throw new GeneralSecurityException(file + " holds no '" + LOCAL_ALIAS + "' key (a CMS-enrolled key store? "
                        + "then configure tc.identity.cms-url)");
            }
            return new ReportSigningKey(key, List.of((X509Certificate) chain[0]), ReportSigningKey.Origin.LOCAL_SELF_SIGNED);
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair pair = generator.generateKeyPair();
        X509Certificate certificate = selfSigned(pair, commonName, random, now);
        store.load(null, null);
        store.setKeyEntry(LOCAL_ALIAS, pair.getPrivate(), password, new Certificate[] {certificate});
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "report-signing", ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            store.store(out, password);
        }
        // whole or not at all: a crash never leaves half a key store
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new ReportSigningKey(pair.getPrivate(), List.of(certificate), ReportSigningKey.Origin.LOCAL_SELF_SIGNED);
    }

    private static X509Certificate selfSigned(KeyPair pair, String commonName, SecureRandom random, Instant now)
            throws GeneralSecurityException {
        X500Name name = new X500Name("CN=" + commonName + " (self-signed)");
        try {
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(127, random), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(LOCAL_VALIDITY)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot make the self-signed report signing certificate", e);
        }
    }
}

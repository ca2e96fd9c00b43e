package dev.trustedcompute.hvs.reports;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.TrustReportSummary;
import dev.trustedcompute.hvs.hosts.ConnectionState;
import dev.trustedcompute.hvs.hosts.Host;
import dev.trustedcompute.hvs.support.OfflineReportVerifier;
import dev.trustedcompute.servicekit.identity.IdentityProperties;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Report JWTs verify offline against the root of their {@code x5c} chain: a CMS-shaped hierarchy (root, Signing
 * CA, HVS leaf) loaded the way service-kit's ServiceIdentity stores an enrolled key, and the local self-signed
 * key. Each with negative twins (tampered claims, another root, wrong key store passphrase). New keys are P-256
 * and sign ES256; key stores made before with a P-384 key keep signing ES384.
 */
class ReportSigningTest {

    static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    /** A CA hierarchy like CMS's: EC P-384 root, issuing "Signing" CA, and a leaf for HVS on {@code leafCurve}. */
    record Hierarchy(X509Certificate root, X509Certificate signingCa, X509Certificate leaf, KeyPair leafKey) {
        static Hierarchy create(String name) throws Exception {
            return create(name, "secp256r1");
        }

        static Hierarchy create(String name, String leafCurve) throws Exception {
            KeyPair rootKey = ecKey("secp384r1");
            KeyPair caKey = ecKey("secp384r1");
            KeyPair leafKey = ecKey(leafCurve);
            X509Certificate root = certificate("CN=" + name + " Root CA", rootKey, "CN=" + name + " Root CA", rootKey, true);
            X509Certificate ca = certificate("CN=" + name + " Signing CA", caKey, "CN=" + name + " Root CA", rootKey, true);
            X509Certificate leaf = certificate("CN=HVS Report Signing", leafKey, "CN=" + name + " Signing CA", caKey, false);
            return new Hierarchy(root, ca, leaf, leafKey);
        }
    }

    static KeyPair ecKey(String curve) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    static X509Certificate certificate(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey, boolean ca)
            throws Exception {
        var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), new BigInteger(64, RANDOM),
                Date.from(NOW.minus(Duration.ofDays(1))), Date.from(NOW.plus(Duration.ofDays(3650))), new X500Name(subject),
                subjectKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                .addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                        : KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey.getPrivate())));
    }

    /** The PKCS#12 layout ServiceIdentity writes after enrolling: alias identity (key + chain) and cms-root. */
    private Path enrolledKeyStore(Hierarchy h) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("identity", h.leafKey().getPrivate(), PASSWORD, new Certificate[] {h.leaf(), h.signingCa()});
        store.setCertificateEntry("cms-root", h.root());
        Path file = dir.resolve("report-signing.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        return file;
    }

    private static Host host() {
        return new Host(UUID.randomUUID(), "edge-1", HostId.of("edge-1"), UUID.randomUUID(), null, Set.of(),
                ConnectionState.CONNECTED, NOW, null, NOW, NOW);
    }

    private static ReportContent trusted() {
        return new ReportContent(null, true, Map.of("PLATFORM", "TRUSTED", "OS", "TRUSTED", "HOST_UNIQUE", "NA",
                "SOFTWARE", "NA", "ASSET_TAG", "NA", "OVERALL", "TRUSTED"), List.of(), true, false, Set.of(), List.of(), 7L);
    }

    private ReportSigningKey cmsKey(Hierarchy h) throws Exception {
        Path file = enrolledKeyStore(h);
        // the key store exists, so ServiceIdentity loads it and never calls this (unreachable) CMS
        return ReportSigningConfiguration.fromCms(new dev.trustedcompute.hvs.config.HvsProperties.Signing(file,
                        new String(PASSWORD), null, "HVS Report Signing"),
                new IdentityProperties(URI.create("https://127.0.0.1:1"), null, null, dir, null, null, null), PASSWORD);
    }

    @Test
    void signWhenCmsIssuedKeyThenJwtVerifiesAgainstCmsRootWithFullChain() throws Exception {
        Hierarchy cms = Hierarchy.create("CMS");
        ReportSigningKey key = cmsKey(cms);
        Host host = host();
        UUID id = UUID.randomUUID();

        SignedReport report = new ReportSigner(key).sign(id, host, trusted(), NOW, NOW.plus(Duration.ofHours(24)));
        TrustReportSummary summary = OfflineReportVerifier.verify(report.jwt(), cms.root());

        assertThat(key.origin()).isEqualTo(ReportSigningKey.Origin.CMS);
        assertThat(key.chain()).containsExactly(cms.leaf(), cms.signingCa(), cms.root());
        assertThat(algorithm(report)).isEqualTo(JWSAlgorithm.ES256);
        assertThat(summary.reportId()).isEqualTo(id.toString());
        assertThat(summary.hostId()).isEqualTo("edge-1");
        assertThat(summary.trusted()).isTrue();
        assertThat(summary.trust()).containsEntry("OVERALL", "TRUSTED");
        assertThat(summary.createdAt()).isEqualTo(NOW);
        SignedJWT jwt = SignedJWT.parse(report.jwt());
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("edge-1");
        assertThat(jwt.getJWTClaimsSet().getJWTID()).isEqualTo(id.toString());
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("hvs");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim(ReportSigner.DETAILS_CLAIM))
                .containsEntry("host_uuid", host.id().toString()).containsEntry("tpm_reset_count", 7L);
        assertThat(report.claimsJson()).contains("\"trust_report\"", "\"hvs_report\"");
    }

    @Test
    void signWhenCmsKeyStoreMadeBeforeWithP384KeyThenEs384ThatVerifies() throws Exception {
        Hierarchy cms = Hierarchy.create("CMS", "secp384r1");
        SignedReport report = new ReportSigner(cmsKey(cms)).sign(UUID.randomUUID(), host(), trusted(), NOW,
                NOW.plus(Duration.ofHours(1)));

        assertThat(algorithm(report)).isEqualTo(JWSAlgorithm.ES384);
        assertThat(OfflineReportVerifier.verify(report.jwt(), cms.root()).trusted()).isTrue();
    }

    @Test
    void signerWhenKeyOnAnotherCurveThenRefusedAtStartup() throws Exception {
        Hierarchy cms = Hierarchy.create("CMS", "secp521r1");
        ReportSigningKey key = cmsKey(cms);

        assertThatThrownBy(() -> new ReportSigner(key)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("P-521").hasMessageContaining("ES256 with a P-256 key");
    }

    @Test
    void verifyWhenClaimsTamperedThenSignatureFails() throws Exception {
        Hierarchy cms = Hierarchy.create("CMS");
        SignedReport report = new ReportSigner(cmsKey(cms)).sign(UUID.randomUUID(), host(), trusted(), NOW,
                NOW.plus(Duration.ofHours(1)));
        String[] parts = report.jwt().split("\\.");
        String claims = new String(new Base64URL(parts[1]).decode()).replace("\"trusted\":true", "\"trusted\":false");
        String tampered = parts[0] + "." + Base64URL.encode(claims) + "." + parts[2];

        assertThatThrownBy(() -> OfflineReportVerifier.verify(tampered, cms.root()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("signature");
    }

    @Test
    void verifyWhenPinnedRootIsAnotherCmsThenChainRejected() throws Exception {
        SignedReport report = new ReportSigner(cmsKey(Hierarchy.create("CMS"))).sign(UUID.randomUUID(), host(), trusted(),
                NOW, NOW.plus(Duration.ofHours(1)));

        assertThatThrownBy(() -> OfflineReportVerifier.verify(report.jwt(), Hierarchy.create("Other").root()))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void localKeyWhenNoCmsThenSelfSignedKeptEncryptedAndReloaded() throws Exception {
        Path file = dir.resolve("local.p12");
        ReportSigningKey created = ReportSigningConfiguration.local(file, "HVS Report Signing", PASSWORD, RANDOM, NOW);
        ReportSigningKey reloaded = ReportSigningConfiguration.local(file, "HVS Report Signing", PASSWORD, RANDOM, NOW);

        assertThat(created.origin()).isEqualTo(ReportSigningKey.Origin.LOCAL_SELF_SIGNED);
        assertThat(((ECPublicKey) created.leaf().getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(created.leaf().getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(reloaded.leaf()).isEqualTo(created.leaf());
        assertThat(reloaded.privateKey()).isEqualTo(created.privateKey());
        SignedReport report = new ReportSigner(reloaded).sign(UUID.randomUUID(), host(), trusted(), NOW,
                NOW.plus(Duration.ofHours(1)));
        assertThat(algorithm(report)).isEqualTo(JWSAlgorithm.ES256);
        assertThat(OfflineReportVerifier.verify(report.jwt(), created.leaf()).trusted()).isTrue();
        assertThatThrownBy(() -> ReportSigningConfiguration.local(file, "HVS Report Signing",
                "a wrong passphrase!".toCharArray(), RANDOM, NOW)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void localKeyWhenStoreMadeBeforeWithP384KeyThenKeptAndSignsEs384() throws Exception {
        // the layout HVS wrote before new keys were P-256: alias report-signing, P-384 key, self-signed certificate
        KeyPair p384 = ecKey("secp384r1");
        X509Certificate selfSigned = certificate("CN=HVS Report Signing (self-signed)", p384,
                "CN=HVS Report Signing (self-signed)", p384, false);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ReportSigningConfiguration.LOCAL_ALIAS, p384.getPrivate(), PASSWORD, new Certificate[] {selfSigned});
        Path file = dir.resolve("local.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }

        ReportSigningKey key = ReportSigningConfiguration.local(file, "HVS Report Signing", PASSWORD, RANDOM, NOW);
        SignedReport report = new ReportSigner(key).sign(UUID.randomUUID(), host(), trusted(), NOW,
                NOW.plus(Duration.ofHours(1)));

        assertThat(key.leaf()).isEqualTo(selfSigned);
        assertThat(algorithm(report)).isEqualTo(JWSAlgorithm.ES384);
        assertThat(OfflineReportVerifier.verify(report.jwt(), selfSigned).trusted()).isTrue();
    }

    private static JWSAlgorithm algorithm(SignedReport report) throws java.text.ParseException {
        return SignedJWT.parse(report.jwt()).getHeader().getAlgorithm();
    }
}

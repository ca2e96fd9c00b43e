package dev.trustedcompute.servicekit.identity;

import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Enrollment against a stand-in CMS (a JDK HTTP server signing with a Bouncy Castle CA). The real CMS
 * depends on this module, so its own tests enroll against the real service.
 */
class ServiceIdentityTest {

    @TempDir
    Path dir;

    KeyPair rootKey;
    X509Certificate root;
    HttpServer server;
    AtomicReference<String> seenToken = new AtomicReference<>();
    AtomicReference<PublicKey> substituteKey = new AtomicReference<>();
    AtomicReference<String> csrSignature = new AtomicReference<>();

    @BeforeEach
    void startCms() throws Exception {
        rootKey = ecKey();
        root = certificate("CN=Test CMS Root", rootKey.getPublic(), rootKey, true);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cms/v1/ca-certificates", exchange -> respond(exchange, Pem.encode(List.of(root))));
        server.createContext("/cms/v1/certificates", exchange -> {
            seenToken.set(exchange.getRequestHeaders().getFirst("Authorization"));
            String csrPem = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
            try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
                JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest((PKCS10CertificationRequest) parser.readObject());
                csrSignature.set(csr.getSignatureAlgorithm().getAlgorithm().getId());
                PublicKey key = substituteKey.get() != null ? substituteKey.get() : csr.getPublicKey();
                X509Certificate leaf = certificate(csr.getSubject().toString(), key, rootKey, false);
                respond(exchange, Pem.encode(List.of(leaf)));
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stopCms() {
        server.stop(0);
    }

    @Test
    void loadOrEnrollWhenNoKeyStoreThenEnrollsAndStoresChainValidatedAgainstRoot() throws Exception {
        ServiceIdentity identity = ServiceIdentity.loadOrEnroll(request(), client(), "boot-token", pin(root));

        assertThat(seenToken.get()).isEqualTo("Bearer boot-token");
        assertThat(identity.chain().getFirst().getSubjectX500Principal().getName()).isEqualTo("CN=hvs");
        assertThat(identity.root()).isEqualTo(root);
        identity.chain().getFirst().verify(root.getPublicKey());
    }

    @Test
    void loadOrEnrollWhenP384RequestedThenP384KeyAndSha384Csr() throws Exception {
        ServiceIdentity identity = ServiceIdentity.loadOrEnroll(request(), client(), "boot-token", pin(root));

        assertThat(fieldSize(identity.chain().getFirst().getPublicKey())).isEqualTo(384);
        assertThat(csrSignature.get()).isEqualTo(X9ObjectIdentifiers.ecdsa_with_SHA384.getId());
    }

    @Test
    void loadOrEnrollWhenP256RequestedThenP256KeyAndSha256Csr() throws Exception {
        ServiceIdentity identity = ServiceIdentity.loadOrEnroll(request(ServiceIdentity.KeyCurve.P_256), client(),
                "boot-token", pin(root));

        assertThat(fieldSize(identity.chain().getFirst().getPublicKey())).isEqualTo(256);
        assertThat(fieldSize(identity.privateKey())).isEqualTo(256);
        assertThat(csrSignature.get()).isEqualTo(X9ObjectIdentifiers.ecdsa_with_SHA256.getId());
    }

    @Test
    void loadOrEnrollWhenP384KeyStoreExistsAndP256RequestedThenKeepsTheStoredP384Key() throws Exception {
        ServiceIdentity stored = ServiceIdentity.loadOrEnroll(request(), client(), "boot-token", pin(root));
        server.stop(0);

        ServiceIdentity loaded = ServiceIdentity.loadOrEnroll(request(ServiceIdentity.KeyCurve.P_256), client(), null,
                pin(root));

        assertThat(loaded.privateKey().getEncoded()).isEqualTo(stored.privateKey().getEncoded());
        assertThat(fieldSize(loaded.privateKey())).isEqualTo(384);
    }

    @Test
    void loadOrEnrollWhenKeyStoreExistsThenLoadsWithoutCallingCms() throws Exception {
        ServiceIdentity first = ServiceIdentity.loadOrEnroll(request(), client(), "boot-token", pin(root));
        server.stop(0);

        ServiceIdentity second = ServiceIdentity.loadOrEnroll(request(), client(), null, pin(root));

        assertThat(second.chain()).isEqualTo(first.chain());
        assertThat(second.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
    }

    @Test
    void loadWhenPassphraseWrongThenRefused() throws Exception {
        ServiceIdentity.loadOrEnroll(request(), client(), "boot-token", pin(root));
        assertThatThrownBy(() -> ServiceIdentity.load(dir.resolve("tls.p12"), "wrong".toCharArray()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void loadOrEnrollWhenNoPinConfiguredThenRefusedWithoutContactingCms() {
        assertThatThrownBy(() -> ServiceIdentity.loadOrEnroll(request(), client(), "boot-token", " "))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("no CMS root pin");
        assertThat(seenToken.get()).isNull();
        assertThat(request().keyStore()).doesNotExist();
    }

    @Test
    void loadOrEnrollWhenRootDoesNotMatchPinThenRefused() {
        String otherPin = "00".repeat(48);
        assertThatThrownBy(() -> ServiceIdentity.loadOrEnroll(request(), client(), "boot-token", otherPin))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("does not match the pin");
        assertThat(dir.resolve("tls.p12")).doesNotExist();
    }

    @Test
    void loadOrEnrollWhenCmsCertifiesAnotherKeyThenRefused() throws Exception {
        substituteKey.set(ecKey().getPublic());
        assertThatThrownBy(() -> ServiceIdentity.loadOrEnroll(request(), client(), "boot-token", pin(root)))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("different key");
        assertThat(dir.resolve("tls.p12")).doesNotExist();
    }

    @Test
    void loadOrEnrollWhenNoTokenThenFailsNamingTheSetting() {
        assertThatThrownBy(() -> ServiceIdentity.loadOrEnroll(request(), client(), " ", pin(root)))
                .hasMessageContaining("tc.identity.bootstrap-token");
    }

    private ServiceIdentity.Request request() {
        return request(ServiceIdentity.KeyCurve.P_384);
    }

    private ServiceIdentity.Request request(ServiceIdentity.KeyCurve curve) {
        return new ServiceIdentity.Request("TLS", "hvs", List.of("hvs.local", "127.0.0.1"), dir.resolve("tls.p12"),
                "store-pass".toCharArray(), curve);
    }

    private static int fieldSize(java.security.Key key) {
        return ((ECKey) key).getParams().getCurve().getField().getFieldSize();
    }

    private CmsClient client() {
        return new CmsClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null);
    }

    private static String pin(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-384").digest(certificate.getEncoded()));
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        return generator.generateKeyPair();
    }

    private X509Certificate certificate(String subject, PublicKey key, KeyPair issuer, boolean ca) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Test CMS Root"),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.MINUTES)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name(subject), key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuer.getPrivate())));
    }
}

package dev.trustedcompute.cms.web;

import dev.trustedcompute.cms.CmsApplication;
import dev.trustedcompute.cms.Openssl;
import dev.trustedcompute.cms.TestCsrs;
import dev.trustedcompute.cms.bootstrap.BootstrapKey;
import dev.trustedcompute.cms.bootstrap.BootstrapTokens;
import dev.trustedcompute.cms.cli.CmsCli;
import dev.trustedcompute.servicekit.identity.CmsClient;
import dev.trustedcompute.servicekit.identity.ServiceIdentity;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.auth.Role;
import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import dev.trustedcompute.testsupport.openapi.OpenApiSpecs;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CMS HTTP API end to end: real PostgreSQL, real HTTP, real JWKS, real openssl. */
@SpringBootTest(classes = CmsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CmsApiTest {
    static final String PASSWORD = "correct horse battery staple";
    static final TestTokenIssuer aas = TestTokenIssuer.start();
    static final PostgresDatabase db = PostgresDatabase.forTestClass(CmsApiTest.class);
    static final Path dataDir = tempDir("cms-data");
    static final HttpClient http = HttpClient.newHttpClient();
    static final String PEM = "application/x-pem-file";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BootstrapKey bootstrapKey;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", db::jdbcUrl);
        r.add("spring.datasource.username", db::username);
        r.add("spring.datasource.password", db::password);
        r.add("tc.security.jwks-uri", aas::jwksUri);
        r.add("tc.cms.data-dir", dataDir::toString);
        r.add("tc.cms.key-store-password", () -> PASSWORD);
    }

    @AfterAll
    static void stop() {
        aas.close();
    }

    // ---- CA certificates -------------------------------------------------------------------------------

    @Test
    void caCertificatesWhenNoTokenThenRootAndIssuingCasChain() throws Exception {
        X509Certificate root = certificate(get("/cms/v1/ca-certificates", null));
        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=Trusted Compute CMS Root CA");
        root.verify(root.getPublicKey());
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(root.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(root.getSigAlgName()).isEqualTo("SHA384withECDSA");
        for (String ca : List.of("TLS", "TLS-Client", "Signing")) {
            X509Certificate issuing = certificate(get("/cms/v1/ca-certificates?issuingCa=" + ca, null));
            issuing.verify(root.getPublicKey());
            assertThat(issuing.getBasicConstraints()).isZero();
            assertThat(issuing.getKeyUsage()[5]).as("keyCertSign").isTrue();
        }
    }

    @Test
    void caCertificatesWhenUnknownIssuingCaThen400Problem() throws Exception {
        assertProblem(get("/cms/v1/ca-certificates?issuingCa=tls", null), 400, "unsupported-cert-type");
    }

    // ---- signing ---------------------------------------------------------------------------------------

    @Test
    void signWhenNoTokenThen401() throws Exception {
        assertProblem(sign("TLS", TestCsrs.ec("secp256r1").cn("hvs").pem(), null), 401, "unauthorized");
    }

    @Test
    void signWhenTokenLacksPermissionThen403() throws Exception {
        String token = aas.token("bob", Permission.of("CMS", "certificates:revoke:*"));
        assertProblem(sign("TLS", TestCsrs.ec("secp256r1").cn("hvs").pem(), token), 403, "forbidden");
    }

    @Test
    void signWhenSelectorDoesNotMatchCsrThen403AndNothingStored() throws Exception {
        long before = issuedCount();
        String token = aas.token("hvs-installer", Permission.of("CMS", "certificates:create:CN=hvs;SAN=hvs.local;certType=TLS"));
        assertProblem(sign("TLS", TestCsrs.ec("secp256r1").cn("kbs").pem(), token), 403, "certificate-not-approved");
        assertProblem(sign("TLS", TestCsrs.ec("secp256r1").cn("hvs").dns("evil.example").pem(), token), 403, "certificate-not-approved");
        assertProblem(sign("Signing", TestCsrs.ec("secp256r1").cn("hvs").pem(), token), 403, "certificate-not-approved");
        assertThat(issuedCount()).isEqualTo(before);
    }

    @Test
    void signWhenBouncyCastleCsrThenOpensslVerifiesChainAndRowIsStored() throws Exception {
        String token = aas.token("hvs-installer",
                Permission.of("CMS", "certificates:create:CN=hvs;SAN=hvs.local,127.0.0.1;certType=TLS"));
        HttpResponse<byte[]> response = sign("TLS", TestCsrs.ec("secp256r1").cn("hvs").dns("hvs.local").ip("127.0.0.1").pem(), token);
        assertThat(response.statusCode()).as(body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(PEM));
        List<X509Certificate> chain = certificates(response.body());
        assertThat(chain).hasSize(2);
        X509Certificate leaf = chain.get(0);
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=hvs");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList()).containsExactlyInAnyOrder("hvs.local", "127.0.0.1");
        assertThat(leaf.getSerialNumber().bitLength()).isBetween(100, 128);
        Duration validity = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        assertThat(validity).isBetween(Duration.ofDays(365), Duration.ofDays(365).plusMinutes(2));
        assertThat(chain.get(1).getSubjectX500Principal().getName()).isEqualTo("CN=Trusted Compute CMS TLS CA");
        opensslVerify(response.body(), "sslserver");

        String serial = leaf.getSerialNumber().toString(16);
        assertThat(response.headers().firstValue("X-Certificate-Serial")).hasValue(serial);
        var row = jdbc.sql("select cert_type, subject, array_to_string(sans, ',') as sans, pem, revoked_at from issued_certificate where serial = :s")
                .param("s", serial).query().singleRow();
        assertThat(row.get("cert_type")).isEqualTo("TLS");
        assertThat(row.get("subject")).isEqualTo("CN=hvs");
        assertThat(row.get("sans")).isEqualTo("hvs.local,127.0.0.1");
        assertThat(row.get("revoked_at")).isNull();
        assertThat(certificates(((String) row.get("pem")).getBytes(StandardCharsets.US_ASCII)).getFirst()).isEqualTo(leaf);
    }

    @Test
    void signWhenOpensslCsrThenOpensslVerifiesChain() throws Exception {
        Path work = tempDir("openssl-csr");
        Openssl.Result req = Openssl.run(work, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes",
                "-keyout", "key.pem", "-out", "csr.pem", "-subj", "/CN=nats-client", "-addext", "subjectAltName=DNS:nats.local");
        assertThat(req.exitCode()).as(req.output()).isZero();
        String token = aas.token("nats", Permission.of("CMS", "certificates:create:CN=nats-client;SAN=nats.local;certType=TLS-Client"));
        HttpResponse<byte[]> response = sign("TLS-Client", Files.readString(work.resolve("csr.pem")), token);
        assertThat(response.statusCode()).as(body(response)).isEqualTo(200);
        X509Certificate leaf = certificates(response.body()).getFirst();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        opensslVerify(response.body(), "sslclient");
    }

    @Test
    void signWhenSigningTypeWithRsa3072AndCertApproverRoleThenDigitalSignatureOnly() throws Exception {
        // The SecL role supplies the approval; the endpoint guard still needs some certificates:create permission.
        String token = aas.builder("hvs").permissions(Permission.of("CMS", "certificates:create:CN=other;certType=TLS"))
                .roles(new Role("CMS", "CertApprover", "CN=HVS Flavor Signing Certificate;certType=Signing")).sign();
        HttpResponse<byte[]> response = sign("Signing", TestCsrs.rsa(3072).cn("HVS Flavor Signing Certificate").pem(), token);
        assertThat(response.statusCode()).as(body(response)).isEqualTo(200);
        X509Certificate leaf = certificates(response.body()).getFirst();
        assertThat(leaf.getExtendedKeyUsage()).isNull();
        assertThat(leaf.getKeyUsage()).containsExactly(true, false, false, false, false, false, false, false, false);
        opensslVerify(response.body(), null);
    }

    @Test
    void signWhenCsrTamperedThen400() throws Exception {
        byte[] der = TestCsrs.ec("secp384r1").cn("hvs").der();
        // Change one character of the CN ("hvs" -> "hws") after signing: the signature no longer covers the request.
        String text = new String(der, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("hvs");
        assertThat(at).isPositive();
        der[at + 1] = 'w';
        String token = aas.token("admin", Permission.of("CMS", "certificates:create:*"));
        assertProblem(sign("TLS", dev.trustedcompute.cms.authority.Pem.encode("CERTIFICATE REQUEST", der), token), 400,
                "csr-signature-invalid");
        byte[] sigFlip = TestCsrs.ec("secp384r1").cn("hvs").der();
        sigFlip[sigFlip.length - 5] ^= 0x01;
        assertThat(sign("TLS", dev.trustedcompute.cms.authority.Pem.encode("CERTIFICATE REQUEST", sigFlip), token).statusCode())
                .isEqualTo(400);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> badInputs() {
        String okCsr = TestCsrs.ec("secp256r1").cn("hvs").pem();
        return Stream.of(
                args("TLS", "hello, I am not PEM", "malformed-pem"),
                args("TLS", "", "malformed-pem"),
                args("TLS", "-----BEGIN CERTIFICATE REQUEST-----\n!!!not*base64!!!\n-----END CERTIFICATE REQUEST-----\n", "malformed-pem"),
                args("TLS", "-----BEGIN CERTIFICATE-----\n" + okCsr.lines().skip(1).takeWhile(l -> !l.startsWith("-----")).reduce("", (a, b) -> a + b + "\n")
                        + "-----END CERTIFICATE-----\n", "malformed-pem"),
                args("TLS", okCsr + okCsr, "malformed-pem"),
                args("TLS", dev.trustedcompute.cms.authority.Pem.encode("CERTIFICATE REQUEST", new byte[]{0x30, 0x03, 0x02, 0x01, 0x05}), "malformed-csr"),
                args("TLS", dev.trustedcompute.cms.authority.Pem.encode("CERTIFICATE REQUEST", "plain text".getBytes()), "malformed-csr"),
                args("FooBar", okCsr, "unsupported-cert-type"),
                args("tls", okCsr, "unsupported-cert-type"),
                args("TLS", TestCsrs.rsa(2048).cn("hvs").pem(), "weak-key"),
                args("TLS", TestCsrs.ed25519().cn("hvs").pem(), "weak-key"),
                args("TLS", TestCsrs.ec("secp256r1").subject("O=no common name").pem(), "invalid-subject"),
                args("TLS", TestCsrs.ec("secp256r1").cn("a;SAN=b").pem(), "invalid-subject"),
                args("TLS", TestCsrs.ec("secp256r1").cn("hvs").email("a@b.c").pem(), "invalid-subject"),
                args("TLS", TestCsrs.ec("secp256r1").cn("hvs").dns("bad_name..x").pem(), "invalid-subject"));
    }

    private static org.junit.jupiter.params.provider.Arguments args(Object... a) {
        return org.junit.jupiter.params.provider.Arguments.of(a);
    }

    @ParameterizedTest(name = "[{index}] certType={0} -> {2}")
    @MethodSource("badInputs")
    void signWhenBadInputThen400ProblemAndNothingStored(String certType, String body, String code) throws Exception {
        long before = issuedCount();
        String token = aas.token("admin", Permission.of("CMS", "certificates:create:*"));
        assertProblem(sign(certType, body, token), 400, code);
        assertThat(issuedCount()).isEqualTo(before);
    }

    @Test
    void signWhenJsonContentTypeThen415Problem() throws Exception {
        String token = aas.token("admin", Permission.of("CMS", "certificates:create:*"));
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/cms/v1/certificates?certType=TLS"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertProblem(response, 415, "unsupported-media-type");
    }

    @Test
    void signWhenCertTypeMissingThen400Problem() throws Exception {
        String token = aas.token("admin", Permission.of("CMS", "certificates:create:*"));
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/cms/v1/certificates"))
                .header("Authorization", "Bearer " + token).header("Content-Type", PEM)
                .POST(HttpRequest.BodyPublishers.ofString(TestCsrs.ec("secp256r1").cn("x").pem())).build());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    // ---- bootstrap tokens ------------------------------------------------------------------------------

    @Test
    void signWhenBootstrapTokenThenWorksOnceAndReuseIs401() throws Exception {
        String token = new BootstrapTokens(bootstrapKey, Clock.systemUTC(), new SecureRandom())
                .mint("aas-setup", List.of("CMS:certificates:create:CN=aas;SAN=aas.local;certType=TLS"), Duration.ofMinutes(10));
        HttpResponse<byte[]> first = sign("TLS", TestCsrs.ec("secp384r1").cn("aas").dns("aas.local").pem(), token);
        assertThat(first.statusCode()).as(body(first)).isEqualTo(200);
        HttpResponse<byte[]> second = sign("TLS", TestCsrs.ec("secp384r1").cn("aas").dns("aas.local").pem(), token);
        assertProblem(second, 401, "unauthorized");
        assertThat(body(second)).contains("already used");
        assertThat(jdbc.sql("select count(*) from bootstrap_token_use where token_sha256 = :h")
                .param("h", BootstrapTokens.sha256(token)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void serviceIdentityWhenEnrolledWithBootstrapTokenThenChainsToPinnedRootAndLoadsAgain() throws Exception {
        String token = new BootstrapTokens(bootstrapKey, Clock.systemUTC(), new SecureRandom())
                .mint("hvs-setup", List.of("CMS:certificates:create:CN=hvs;SAN=hvs.local,127.0.0.1;certType=TLS"),
                        Duration.ofMinutes(10));
        CmsClient cms = new CmsClient(URI.create("http://127.0.0.1:" + port), null);
        X509Certificate root = cms.caCertificates("root").getFirst();
        String pin = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-384").digest(root.getEncoded()));
        Path keyStore = tempDir("identity").resolve("tls.p12");
        ServiceIdentity.Request request = new ServiceIdentity.Request("TLS", "hvs", List.of("hvs.local", "127.0.0.1"),
                keyStore, "identity passphrase".toCharArray(), ServiceIdentity.KeyCurve.P_384);

        ServiceIdentity enrolled = ServiceIdentity.loadOrEnroll(request, cms, token, pin);

        assertThat(enrolled.root()).isEqualTo(root);
        assertThat(enrolled.chain().getFirst().getSubjectX500Principal().getName()).isEqualTo("CN=hvs");
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        var path = factory.generateCertPath(enrolled.chain());
        var params = new java.security.cert.PKIXParameters(java.util.Set.of(new java.security.cert.TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        java.security.cert.CertPathValidator.getInstance("PKIX").validate(path, params);
        // a second start loads the stored identity; the single-use token is not needed (nor accepted) again
        assertThat(ServiceIdentity.loadOrEnroll(request, cms, null, pin).chain()).isEqualTo(enrolled.chain());
        Files.delete(keyStore);
        assertThatThrownBy(() -> ServiceIdentity.loadOrEnroll(request, cms, token, pin))
                .hasMessageContaining("401").hasMessageContaining("already used");
    }

    @Test
    void serviceIdentityWhenRootPinDiffersThenRefusedBeforeAnyKeyLeaves() throws Exception {
        CmsClient cms = new CmsClient(URI.create("http://127.0.0.1:" + port), null);
        ServiceIdentity.Request request = new ServiceIdentity.Request("TLS", "hvs", List.of(),
                tempDir("identity").resolve("tls.p12"), "identity passphrase".toCharArray(), ServiceIdentity.KeyCurve.P_384);

        assertThatThrownBy(() -> ServiceIdentity.loadOrEnroll(request, cms, "unused", "00".repeat(48)))
                .isInstanceOf(java.security.GeneralSecurityException.class).hasMessageContaining("does not match the pin");
        assertThat(request.keyStore()).doesNotExist();
    }

    @Test
    void signWhenBootstrapTokenFromCliThenAccepted() throws Exception {
        Path passwordFile = tempDir("pw").resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
            exit = CmsCli.run(new String[]{"token", "--permission", "CMS:certificates:create:CN=hvs;certType=TLS", "--ttl", "1h",
                    "--data-dir", dataDir.toString(), "--key-store-password-file", passwordFile.toString()});
        } finally {
            System.setOut(original);
        }
        assertThat(exit).isZero();
        String token = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(token.split("\\.")).hasSize(3);
        HttpResponse<byte[]> response = sign("TLS", TestCsrs.ec("secp256r1").cn("hvs").pem(), token);
        assertThat(response.statusCode()).as(body(response)).isEqualTo(200);
    }

    @Test
    void signWhenBootstrapTokenSignedByOtherKeyOrTooLongThen401() throws Exception {
        String foreign = aas.builder("x").permissions(Permission.of("CMS", "certificates:create:*")).sign();
        // An AAS-signed token that claims to be a bootstrap token is verified with the bootstrap key and fails.
        String[] parts = foreign.split("\\.");
        String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace(TestTokenIssuer.ISSUER, BootstrapTokens.ISSUER).getBytes(StandardCharsets.UTF_8));
        assertProblem(sign("TLS", TestCsrs.ec("secp256r1").cn("x").pem(), parts[0] + "." + forgedClaims + "." + parts[2]), 401, "unauthorized");
        assertThatThrownBy(() -> new BootstrapTokens(bootstrapKey, Clock.systemUTC(), new SecureRandom())
                .mint("x", List.of("CMS:certificates:create:*"), Duration.ofHours(25)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signWhenSameBootstrapTokenUsedConcurrentlyThenExactlyOneSucceeds() throws Exception {
        String token = new BootstrapTokens(bootstrapKey, Clock.systemUTC(), new SecureRandom())
                .mint("race", List.of("CMS:certificates:create:CN=race;certType=TLS"), Duration.ofMinutes(5));
        long before = issuedCount();
        List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String csr = TestCsrs.ec("secp256r1").cn("race").pem();
            calls.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return sign("TLS", csr, token);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }));
        }
        List<Integer> statuses = calls.stream().map(java.util.concurrent.CompletableFuture::join).map(HttpResponse::statusCode).toList();
        assertThat(statuses).containsOnly(200, 401);
        assertThat(statuses.stream().filter(s -> s == 200).count()).as(statuses.toString()).isEqualTo(1);
        assertThat(issuedCount()).isEqualTo(before + 1);
    }

    @Test
    void signWhenBootstrapTokenExpiredThen401() throws Exception {
        Clock twoHoursAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
        String token = new BootstrapTokens(bootstrapKey, twoHoursAgo, new SecureRandom())
                .mint("late", List.of("CMS:certificates:create:*"), Duration.ofHours(1));
        HttpResponse<byte[]> response = sign("TLS", TestCsrs.ec("secp256r1").cn("late").pem(), token);
        assertProblem(response, 401, "unauthorized");
        assertThat(body(response)).contains("expired");
    }

    @Test
    void signWhenAasTokenExpiredOrForeignSignedThen401() throws Exception {
        String expired = aas.builder("x").permissions(Permission.of("CMS", "certificates:create:*")).expired().sign();
        assertProblem(sign("TLS", TestCsrs.ec("secp256r1").cn("x").pem(), expired), 401, "unauthorized");
        String foreign = aas.builder("x").permissions(Permission.of("CMS", "certificates:create:*")).signedByForeignKey().sign();
        assertProblem(sign("TLS", TestCsrs.ec("secp256r1").cn("x").pem(), foreign), 401, "unauthorized");
    }

    // ---- revocation and CRL ----------------------------------------------------------------------------

    @Test
    void revokeWhenNoTokenThen401AndWithoutPermissionThen403() throws Exception {
        assertProblem(revoke("abc", null, null), 401, "unauthorized");
        String token = aas.token("bob", Permission.of("CMS", "certificates:create:*"));
        assertProblem(revoke("abc", null, token), 403, "forbidden");
    }

    @Test
    void revokeWhenBadSerialOrReasonThen400AndUnknownThen404() throws Exception {
        String token = aas.token("admin", Permission.of("CMS", "certificates:revoke:*"));
        assertProblem(revoke("not-hex", null, token), 400, "malformed-serial");
        assertProblem(revoke("0", null, token), 400, "malformed-serial");
        assertProblem(revoke("a".repeat(41), null, token), 400, "malformed-serial");
        assertProblem(revoke("abcdef", "{\"reason\":\"because\"}", token), 400, "unsupported-revocation-reason");
        assertProblem(revoke("abcdef", "{not json", token), 400, "malformed-body");
        assertProblem(revoke("abcdef", null, token), 404, "unknown-certificate");
    }

    @Test
    void revokeWhenIssuedThenListedInSignedCrlWithIncreasingNumberAndSecondRevokeIs409() throws Exception {
        String create = aas.token("admin", Permission.of("CMS", "certificates:create:*"));
        X509Certificate leaf = certificates(sign("TLS", TestCsrs.ec("secp256r1").cn("to-revoke").pem(), create).body()).getFirst();
        String serial = leaf.getSerialNumber().toString(16);
        String token = aas.token("admin", Permission.of("CMS", "certificates:revoke:*"));

        X509CRLHolder before = crl(get("/cms/v1/crl?issuingCa=TLS", null).body());
        HttpResponse<byte[]> revoked = revoke(serial.toUpperCase(), "{\"reason\":\"keyCompromise\"}", token);
        assertThat(revoked.statusCode()).as(body(revoked)).isEqualTo(200);
        assertThat(body(revoked)).contains("\"serial\":\"" + serial + "\"").contains("\"reason\":\"keyCompromise\"");
        assertProblem(revoke(serial, null, token), 409, "already-revoked");

        HttpResponse<byte[]> der = get("/cms/v1/crl?issuingCa=TLS", null);
        assertThat(der.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        X509CRLHolder crl = crl(der.body());
        X509Certificate tlsCa = certificate(get("/cms/v1/ca-certificates?issuingCa=TLS", null));
        assertThat(crl.isSignatureValid(new JcaContentVerifierProviderBuilder().build(tlsCa))).isTrue();
        assertThat(crl.getIssuer().toString()).isEqualTo("CN=Trusted Compute CMS TLS CA");
        assertThat(crl.getRevokedCertificate(leaf.getSerialNumber())).isNotNull();
        assertThat(crl.getRevokedCertificate(leaf.getSerialNumber()).getExtension(Extension.reasonCode)).isNotNull();
        assertThat(crlNumber(crl)).isGreaterThan(crlNumber(before));
        assertThat(crl.getNextUpdate()).isAfter(crl.getThisUpdate());

        HttpResponse<byte[]> pem = send(HttpRequest.newBuilder(uri("/cms/v1/crl?issuingCa=TLS")).header("Accept", PEM).GET().build());
        assertThat(pem.headers().firstValue("Content-Type")).hasValue(PEM);
        assertThat(body(pem)).startsWith("-----BEGIN X509 CRL-----");
        X509CRLHolder fromPem = crl(dev.trustedcompute.cms.authority.Pem.decodeSingle(body(pem), List.of("X509 CRL")));
        assertThat(crlNumber(fromPem)).isGreaterThan(crlNumber(crl));
        assertThat(fromPem.getRevokedCertificate(leaf.getSerialNumber())).isNotNull();

        // The other CAs' CRLs do not list it.
        X509CRLHolder signing = crl(get("/cms/v1/crl?issuingCa=Signing", null).body());
        assertThat(signing.getRevokedCertificate(leaf.getSerialNumber())).isNull();
    }

    @Test
    void crlWhenUnknownOrMissingIssuingCaThen400() throws Exception {
        assertProblem(get("/cms/v1/crl?issuingCa=nope", null), 400, "unsupported-cert-type");
        HttpResponse<byte[]> missing = get("/cms/v1/crl", null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    // ---- keys at rest, OpenAPI -------------------------------------------------------------------------

    @Test
    void caKeyStoresWhenOpenedWithoutPassphraseThenRefused() throws Exception {
        for (String file : List.of("root-ca.p12", "tls-ca.p12", "tls-client-ca.p12", "signing-ca.p12", "bootstrap-token-key.p12")) {
            Path p12 = dataDir.resolve(file);
            assertThat(p12).exists();
            assertThat(Files.getPosixFilePermissions(p12)).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
            KeyStore wrong = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                assertThatThrownBy(() -> wrong.load(in, "wrong password!".toCharArray())).isInstanceOf(IOException.class);
            }
            KeyStore noPassword = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                noPassword.load(in, null);  // skips the MAC check only
            }
            assertThatThrownBy(() -> noPassword.getKey("ca", new char[0])).isInstanceOf(Exception.class);
            Openssl.Result openssl = Openssl.run(dataDir, "pkcs12", "-in", file, "-nodes", "-passin", "pass:");
            assertThat(openssl.exitCode()).as(openssl.output()).isNotZero();
            assertThat(openssl.output()).doesNotContain("PRIVATE KEY-----");
            KeyStore right = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                right.load(in, PASSWORD.toCharArray());
            }
            assertThat(right.getKey("ca", PASSWORD.toCharArray())).isNotNull();
        }
    }

    @Test
    void openApiWhenServedThenMatchesCommittedSpec() throws Exception {
        HttpResponse<byte[]> response = get("/v3/api-docs.yaml", null);
        assertThat(response.statusCode()).isEqualTo(200);
        OpenApiSpecs.assertMatchesCommitted("cms", body(response));
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private void opensslVerify(byte[] chainPem, String purpose) throws Exception {
        Path work = tempDir("verify");
        List<X509Certificate> chain = certificates(chainPem);
        Files.writeString(work.resolve("leaf.pem"), dev.trustedcompute.cms.authority.Pem.encode("CERTIFICATE", chain.get(0).getEncoded()));
        Files.writeString(work.resolve("issuing.pem"), dev.trustedcompute.cms.authority.Pem.encode("CERTIFICATE", chain.get(1).getEncoded()));
        Files.write(work.resolve("root.pem"), get("/cms/v1/ca-certificates?issuingCa=root", null).body());
        List<String> args = new java.util.ArrayList<>(List.of("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem"));
        if (purpose != null) {
            args.addAll(List.of("-purpose", purpose));
        }
        args.add("leaf.pem");
        Openssl.Result result = Openssl.run(work, args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("leaf.pem: OK");
    }

    private long issuedCount() {
        return jdbc.sql("select count(*) from issued_certificate").query(Long.class).single();
    }

    private HttpResponse<byte[]> sign(String certType, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/cms/v1/certificates?certType=" + certType))
                .header("Content-Type", PEM).header("Accept", PEM)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private HttpResponse<byte[]> revoke(String serial, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/cms/v1/certificates/" + serial + "/revoke"))
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private HttpResponse<byte[]> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static void assertProblem(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as(body(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(body(response)).contains("\"type\":\"https://trustedcompute.dev/problems/" + code + "\"")
                .contains("\"detail\":").doesNotContain("Exception").doesNotContain("at dev.");
    }

    private static X509Certificate certificate(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.statusCode()).as(body(response)).isEqualTo(200);
        List<X509Certificate> certs = certificates(response.body());
        assertThat(certs).hasSize(1);
        return certs.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<X509Certificate> certificates(byte[] pem) throws Exception {
        return (List<X509Certificate>) (List<?>) List.copyOf(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem)));
    }

    private static X509CRLHolder crl(byte[] der) throws Exception {
        return new X509CRLHolder(der);
    }

    private static BigInteger crlNumber(X509CRLHolder crl) {
        return CRLNumber.getInstance(crl.getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber();
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}

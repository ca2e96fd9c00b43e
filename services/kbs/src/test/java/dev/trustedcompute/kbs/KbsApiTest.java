package dev.trustedcompute.kbs;

import static dev.trustedcompute.kbs.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.kbs.crypto.MasterKeys;
import dev.trustedcompute.kbs.ear.Appraisal;
import dev.trustedcompute.kbs.ear.EarIssuer;
import dev.trustedcompute.kbs.ear.TrustVector;
import dev.trustedcompute.kbs.jwe.ClientSideJwe;
import dev.trustedcompute.kbs.referencevalues.InMemoryReferenceValues;
import dev.trustedcompute.kbs.referencevalues.ReferenceValueProvider;
import dev.trustedcompute.kbs.resources.ResourcePath;
import dev.trustedcompute.kbs.resources.ResourceRepository;
import dev.trustedcompute.kbs.resources.ResourceStore;
import dev.trustedcompute.testsupport.MutableClock;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import dev.trustedcompute.testsupport.openapi.OpenApiSpecs;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * KBS over HTTP on a real PostgreSQL: the RCAR handshake's refusals, resources released to attested workloads (the
 * JWE decrypted as guest-components does), admin authorization with AAS tokens and Trustee admin tokens, the
 * curl-friendly routes, and Trustee's error shape on /kbs/v0 versus problem+json elsewhere. Attestation tokens for
 * resource tests are issued by the KBS's own {@link EarIssuer} (evidence flows are in the attestation tests).
 */
@SpringBootTest(classes = {KbsApplication.class, KbsApiTest.TestClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tc.kbs.sample-tee-enabled=true", "tc.kbs.master-keys.k1=" + KbsApiTest.MASTER_KEY})
class KbsApiTest {

    static final String MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final String ERRORS = "https://github.com/confidential-containers/kbs/errors/";
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final TestTokenIssuer AAS = TestTokenIssuer.start();
    static final TrusteeAdminTokenFactory TRUSTEE_ADMIN = new TrusteeAdminTokenFactory();

    static final InMemoryReferenceValues REFERENCE_VALUES = new InMemoryReferenceValues(CLOCK);

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return CLOCK;
        }

        /** Stands in for RVPS (its HTTP client is tested in RvpsClientTest). */
        @Bean
        @Primary
        ReferenceValueProvider testReferenceValues() {
            return REFERENCE_VALUES;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PostgresDatabase db = PostgresDatabase.forTestClass(KbsApiTest.class);
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("tc.security.jwks-uri", AAS::jwksUri);
        registry.add("tc.kbs.admin.public-key-file", () -> TRUSTEE_ADMIN.writePublicKey().toString());
    }

    @AfterAll
    static void stopAas() {
        AAS.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    EarIssuer earIssuer;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ResourceRepository resourceRepository;

    Api api;
    ECKey workloadKey;
    String admin;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(port);
        workloadKey = new ECKeyGenerator(Curve.P_256).generate();
        admin = AAS.token("kbs-admin", Permission.of("KBS", "resources:create", "resources:delete",
                "resource_policy:store", "attestation_policy:store", "reference_values:create",
                "reference_values:retrieve"));
    }

    // ---- RCAR /auth and /attest ---------------------------------------------------------------------------------

    @Test
    void authWhenGuestComponentsRequestThenChallengeAndTrusteeCookie() {
        HttpResponse<String> response = api.postJson("/kbs/v0/auth", "{\"version\":\"0.4.0\",\"tee\":\"az-snp-vtpm\","
                + "\"extra-params\":{\"supported-hash-algorithms\":[\"sha256\",\"sha384\",\"sha512\",\"sm3\"]}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).matches("\\{\"nonce\":\"[A-Za-z0-9+/]{43}=\",\"extra-params\":\"\"}");
        assertThat(Base64.getDecoder().decode((String) json(response).get("nonce"))).hasSize(32);
        assertThat(response.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .matches("kbs-session-id=[0-9a-f]{32}; Expires=\\w{3}, \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"));
        assertThat(jdbc.sql("SELECT expires_at FROM rcar_session WHERE id = ?").param(Api.sessionCookie(response))
                .query(java.sql.Timestamp.class).single().toInstant()).isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(5)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpm", "snp", "tdx", "az-snp-vtpm", "az-tdx-vtpm"})
    void authWhenTeeVerifiedByTheLibraryThenChallenge(String tee) {
        HttpResponse<String> response = api.postJson("/kbs/v0/auth", "{\"version\":\"0.4.0\",\"tee\":\"" + tee + "\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response)).containsKeys("nonce", "extra-params");
    }

    @Test
    void authWhenProtocolVersionMismatchThen401AttestationError() {
        HttpResponse<String> response = api.postJson("/kbs/v0/auth", "{\"version\":\"0.2.0\",\"tee\":\"az-snp-vtpm\"}");

        assertTrustee(response, 401, "AttestationError");
        assertThat((String) json(response).get("detail")).contains("Version Mismatch").contains("=0.4.0");
    }

    @ParameterizedTest
    @MethodSource("unsupportedTees")
    void authWhenUnsupportedTeeThen401(String body) {
        assertTrustee(api.postJson("/kbs/v0/auth", body), 401, "AttestationError");
    }

    static Stream<String> unsupportedTees() {
        return Stream.of("{\"version\":\"0.4.0\",\"tee\":\"cca\"}", "{\"version\":\"0.4.0\",\"tee\":\"TPM\"}",
                "{\"version\":\"0.4.0\"}");
    }

    @Test
    void authWhenBodyIsNotJsonThen401SerdeError() {
        assertTrustee(api.postJson("/kbs/v0/auth", "{\"version\":"), 401, "SerdeError");
        assertTrustee(api.send("POST", "/kbs/v0/auth", null, null), 401, "SerdeError");
    }

    @Test
    void attestWhenNoOrUnknownSessionCookieThen401() {
        assertTrustee(api.postJson("/kbs/v0/attest", attestation("n")), 401, "AttestationError");
        assertTrustee(api.postJson("/kbs/v0/attest", attestation("n"), "Cookie", "kbs-session-id=" + "ab".repeat(16)),
                401, "AttestationError");
    }

    @Test
    void attestWhenWrongNonceThenRefusedAndTheSessionCannotBeReused() {
        HttpResponse<String> auth = auth("az-snp-vtpm");
        String cookie = "kbs-session-id=" + Api.sessionCookie(auth);
        String nonce = (String) json(auth).get("nonce");

        HttpResponse<String> wrong = api.postJson("/kbs/v0/attest", attestation("AAAA" + nonce.substring(4)), "Cookie", cookie);
        HttpResponse<String> reused = api.postJson("/kbs/v0/attest", attestation(nonce), "Cookie", cookie);

        assertTrustee(wrong, 401, "AttestationError");
        assertThat((String) json(wrong).get("detail")).contains("nonce");
        assertTrustee(reused, 401, "AttestationError");
        assertThat((String) json(reused).get("detail")).contains("already used");
    }

    @Test
    void attestWhenSessionExpiredThen401() {
        HttpResponse<String> auth = auth("az-snp-vtpm");
        CLOCK.advance(Duration.ofMinutes(5).plusSeconds(1));
        try {
            HttpResponse<String> response = api.postJson("/kbs/v0/attest", attestation((String) json(auth).get("nonce")),
                    "Cookie", "kbs-session-id=" + Api.sessionCookie(auth));
            assertTrustee(response, 401, "AttestationError");
            assertThat((String) json(response).get("detail")).contains("expired");
        } finally {
            CLOCK.advance(Duration.ofMinutes(-5).minusSeconds(1));
        }
    }

    @Test
    void attestWhenBodyMalformedThen401SerdeErrorAndNonceKept() {
        HttpResponse<String> auth = auth("az-snp-vtpm");
        String cookie = "kbs-session-id=" + Api.sessionCookie(auth);

        assertTrustee(api.postJson("/kbs/v0/attest", "[]", "Cookie", cookie), 401, "SerdeError");
        HttpResponse<String> noEvidence = api.postJson("/kbs/v0/attest",
                "{\"runtime-data\":{\"nonce\":\"" + json(auth).get("nonce") + "\",\"tee-pubkey\":{}}}", "Cookie", cookie);
        assertTrustee(noEvidence, 401, "SerdeError");
    }

    // ---- sample TEE: the whole handshake -----------------------------------------------------------------------

    @Test
    void rcarWhenSampleEvidenceAndReferenceValuesThenAffirmingTokenButDefaultPolicyDeniesSample() throws Exception {
        registerSampleReferenceValues(CLOCK.instant().plus(Duration.ofDays(1)));
        String path = "default/" + unique("key") + "/sample-rcar";
        putResource(path, "never for sample");
        HttpResponse<String> auth = auth("sample");
        String cookie = "kbs-session-id=" + Api.sessionCookie(auth);

        HttpResponse<String> attest = api.postJson("/kbs/v0/attest", sampleAttestation((String) json(auth).get("nonce")),
                "Cookie", cookie);

        assertThat(attest.statusCode()).as(attest.body()).isEqualTo(200);
        assertThat(attest.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).startsWith(cookie + ";"));
        Map<String, Object> cpu0 = cpu0((String) json(attest).get("token"));
        assertThat(cpu0).containsEntry("ear.status", "affirming");
        @SuppressWarnings("unchecked")
        Map<String, Object> annotated = (Map<String, Object>) cpu0.get("ear.veraison.annotated-evidence");
        assertThat(annotated).containsKeys("sample", "report_data", "runtime_data_claims");
        assertThat(annotated.get("runtime_data_claims").toString()).contains("tee-pubkey").contains("additional-evidence");
        assertTrustee(api.get("/kbs/v0/resource/" + path, "Cookie", cookie), 401, "PolicyDeny");
    }

    @Test
    void rcarWhenAllowAllPolicyThenSecretReleasedOverTheSessionCookie() throws Exception {
        String path = "default/" + unique("key") + "/sample-allowed";
        putResource(path, "dev secret");
        HttpResponse<String> auth = auth("sample");
        String cookie = "kbs-session-id=" + Api.sessionCookie(auth);
        api.postJson("/kbs/v0/resource-policy", policyBody("data.plugin == \"resource\"", "cel"),
                "Authorization", "Bearer " + admin);
        try {
            HttpResponse<String> attest = api.postJson("/kbs/v0/attest",
                    sampleAttestation((String) json(auth).get("nonce")), "Cookie", cookie);
            HttpResponse<String> again = api.postJson("/kbs/v0/attest", "{}", "Cookie", cookie);
            HttpResponse<String> resource = api.get("/kbs/v0/resource/" + path, "Cookie", cookie);

            assertThat(attest.statusCode()).as(attest.body()).isEqualTo(200);
            assertThat(json(again).get("token")).as("an attested session answers with its token").isEqualTo(json(attest).get("token"));
            assertThat(resource.statusCode()).as(resource.body()).isEqualTo(200);
            assertThat(new String(ClientSideJwe.decrypt(json(resource), workloadKey), StandardCharsets.UTF_8))
                    .isEqualTo("dev secret");
        } finally {
            restoreDefaultResourcePolicy();
        }
    }

    @Test
    void rcarWhenReferenceValuesExpiredThenContraindicated() throws Exception {
        registerSampleReferenceValues(CLOCK.instant().plus(Duration.ofMinutes(1)));
        CLOCK.advance(Duration.ofMinutes(2));
        try {
            HttpResponse<String> auth = auth("sample");
            HttpResponse<String> attest = api.postJson("/kbs/v0/attest", sampleAttestation((String) json(auth).get("nonce")),
                    "Cookie", "kbs-session-id=" + Api.sessionCookie(auth));

            assertThat(attest.statusCode()).as(attest.body()).isEqualTo(200);
            assertThat(cpu0((String) json(attest).get("token"))).containsEntry("ear.status", "contraindicated");
        } finally {
            CLOCK.advance(Duration.ofMinutes(-2));
        }
    }

    @Test
    void attestWhenEvidenceBindsAnotherKeyThen401AndSessionSpent() throws Exception {
        HttpResponse<String> auth = auth("sample");
        String cookie = "kbs-session-id=" + Api.sessionCookie(auth);
        String nonce = (String) json(auth).get("nonce");
        String honest = sampleAttestation(nonce);
        workloadKey = new ECKeyGenerator(Curve.P_256).generate();
        String swapped = honest.replaceFirst("\"tee-pubkey\":\\{[^}]*}", "\"tee-pubkey\":" + java.util.regex.Matcher
                .quoteReplacement(teePubkeyJson()));

        HttpResponse<String> response = api.postJson("/kbs/v0/attest", swapped, "Cookie", cookie);

        assertTrustee(response, 401, "AttestationError");
        assertThat((String) json(response).get("detail")).contains("does not bind");
        assertTrustee(api.postJson("/kbs/v0/attest", honest, "Cookie", cookie), 401, "AttestationError");
    }

    @Test
    void attestationRouteWhenChallengeThenEvidenceThenTokenAndNonceSingleUse() throws Exception {
        HttpResponse<String> challenge = api.postJson("/attestation", "{\"tee\":\"sample\"}");
        assertThat(challenge.statusCode()).as(challenge.body()).isEqualTo(200);
        String nonce = (String) json(challenge).get("nonce");
        String body = "{\"tee\":\"sample\"," + sampleAttestation(nonce).substring(1);

        HttpResponse<String> token = api.postJson("/attestation", body);
        HttpResponse<String> replay = api.postJson("/attestation", body);

        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(cpu0((String) json(token).get("token"))).containsKey("ear.status");
        assertProblem(replay, 401, "nonce-used");
        assertProblem(api.postJson("/attestation", "{\"tee\":\"cca\"}"), 400, "unsupported-tee");
        assertProblem(api.postJson("/attestation", "{\"tee\":"), 400, "malformed-body");
    }

    // ---- resources ---------------------------------------------------------------------------------------------

    @Test
    void resourceWhenAffirmingTokenThenJweForTheTokensKeyOnEveryRoute() throws Exception {
        String path = "default/" + unique("key") + "/one";
        putResource(path, "s3cret");
        String token = token("affirming", "tpm");

        HttpResponse<String> rcar = api.get("/kbs/v0/resource/" + path, "Authorization", "Bearer " + token);
        HttpResponse<String> curl = api.get("/resource/" + path, "Authorization", "Bearer " + token);
        HttpResponse<String> curlDefault = api.get("/resource/" + path.substring("default/".length()),
                "Authorization", "Bearer " + token);

        for (HttpResponse<String> response : java.util.List.of(rcar, curl, curlDefault)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(new String(ClientSideJwe.decrypt(json(response), workloadKey), StandardCharsets.UTF_8))
                    .isEqualTo("s3cret");
        }
    }

    @Test
    void resourceWhenStoredThenEncryptedAtRest() {
        String path = "default/" + unique("key") + "/rest";
        putResource(path, "plain-text-secret-value");

        byte[] row = jdbc.sql("SELECT ciphertext FROM resource WHERE path = ?").param(path).query(byte[].class).single();
        assertThat(new String(row, StandardCharsets.ISO_8859_1)).doesNotContain("plain-text-secret-value");
    }

    @Test
    void rewrapAllWhenMasterKeyRotatedThenReadableWithNewKeyOnly() {
        String path = "default/" + unique("key") + "/rotate";
        putResource(path, "rotated");
        String k2 = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
        MasterKeys both = MasterKeys.fromConfig(Map.of("k1", MASTER_KEY, "k2", k2), "k2", new SecureRandom());

        int rewrapped = new ResourceStore(resourceRepository, both, new SecureRandom(), CLOCK).rewrapAll();

        assertThat(rewrapped).isGreaterThanOrEqualTo(1);
        MasterKeys onlyNew = MasterKeys.fromConfig(Map.of("k2", k2), null, new SecureRandom());
        String[] parts = path.split("/");
        assertThat(new ResourceStore(resourceRepository, onlyNew, new SecureRandom(), CLOCK)
                .get(new ResourcePath(parts[0], parts[1], parts[2]))).hasValueSatisfying(bytes ->
                assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("rotated"));
        // rotate back so the running KBS (k1 only) keeps reading what other tests stored
        new ResourceStore(resourceRepository, MasterKeys.fromConfig(Map.of("k1", MASTER_KEY, "k2", k2), "k1",
                new SecureRandom()), new SecureRandom(), CLOCK).rewrapAll();
    }

    @Test
    void resourceWhenSampleTeeTokenThenDeniedByDefaultPolicy() throws Exception {
        String path = "default/" + unique("key") + "/sample";
        putResource(path, "no");
        String token = token("affirming", "sample");

        assertTrustee(api.get("/kbs/v0/resource/" + path, "Authorization", "Bearer " + token), 401, "PolicyDeny");
        assertProblem(api.get("/resource/" + path, "Authorization", "Bearer " + token), 403, "policy-deny");
    }

    @Test
    void resourceWhenContraindicatedTokenThenDenied() throws Exception {
        String path = "default/" + unique("key") + "/bad";
        putResource(path, "no");

        assertTrustee(api.get("/kbs/v0/resource/" + path, "Authorization", "Bearer " + token("contraindicated", "tpm")),
                401, "PolicyDeny");
    }

    @Test
    void resourceWhenNoTokenThen401TokenNotFound() {
        assertTrustee(api.get("/kbs/v0/resource/default/key/one"), 401, "TokenNotFound");
        assertProblem(api.get("/resource/default/key/one"), 401, "token-not-found");
    }

    @Test
    void resourceWhenTokenForgedOrExpiredThen401TokenVerifierError() throws Exception {
        String token = token("affirming", "tpm");
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new byte[64]);
        ECKey foreign = new ECKeyGenerator(Curve.P_256).generate();
        SignedJWT selfSigned = new SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256)
                .jwk(foreign.toPublicJWK()).build(), SignedJWT.parse(token).getJWTClaimsSet());
        selfSigned.sign(new com.nimbusds.jose.crypto.ECDSASigner(foreign));

        assertTrustee(api.get("/kbs/v0/resource/default/key/one", "Authorization", "Bearer " + forged), 401,
                "TokenVerifierError");
        assertTrustee(api.get("/kbs/v0/resource/default/key/one", "Authorization", "Bearer " + selfSigned.serialize()),
                401, "TokenVerifierError");
        assertTrustee(api.get("/kbs/v0/resource/default/key/one", "Authorization", "Bearer not-a-jwt"), 401,
                "TokenVerifierError");
        CLOCK.advance(Duration.ofMinutes(6));
        try {
            assertTrustee(api.get("/kbs/v0/resource/default/key/one", "Authorization", "Bearer " + token), 401,
                    "TokenVerifierError");
        } finally {
            CLOCK.advance(Duration.ofMinutes(-6));
        }
    }

    @Test
    void resourceWhenMissingThen401PluginInternalErrorOn404ProblemForCurl() throws Exception {
        String token = token("affirming", "tpm");

        assertTrustee(api.get("/kbs/v0/resource/default/nothing/here", "Authorization", "Bearer " + token), 401,
                "PluginInternalError");
        assertProblem(api.get("/resource/default/nothing/here", "Authorization", "Bearer " + token), 404,
                "resource-not-found");
    }

    @Test
    void requestWhenBadPathOrUnknownPluginThen404() {
        assertTrustee(api.get("/kbs/v0/resource/default/key"), 404, "InvalidRequestPath");
        assertTrustee(api.get("/kbs/v0/resource/.hidden/key/one", "Authorization", "Bearer x"), 404, "InvalidRequestPath");
        assertTrustee(api.get("/kbs/v0/nebula_ca/credential"), 404, "PluginNotFound");
    }

    // ---- admin authorization ------------------------------------------------------------------------------------

    static Stream<Arguments> adminTokens() {
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("no token", null, 401),
                Arguments.of("AAS token without the permission", AAS.token("reader", Permission.of("KBS", "resources:delete")), 401),
                Arguments.of("AAS token for another service", AAS.token("other", Permission.of("HVS", "resources:create")), 401),
                Arguments.of("AAS token, expired", AAS.builder("late").permissions(Permission.of("KBS", "resources:create")).expired().sign(), 401),
                Arguments.of("AAS token with resources:create", AAS.token("writer", Permission.of("KBS", "resources:create")), 200),
                Arguments.of("AAS administrator (*:*:*)", AAS.token("root", Permission.of("KBS", "*:*:*")), 200),
                Arguments.of("Trustee admin token, role admin", TRUSTEE_ADMIN.token("admin", now, now.plusSeconds(3600)), 200),
                Arguments.of("Trustee admin token, unknown role", TRUSTEE_ADMIN.token("auditor", now, now.plusSeconds(3600)), 401),
                Arguments.of("Trustee admin token, expired", TRUSTEE_ADMIN.token("admin", now.minusSeconds(7200), now.minusSeconds(3600)), 401),
                Arguments.of("Trustee admin token, other key", new TrusteeAdminTokenFactory().token("admin", now, now.plusSeconds(3600)), 401));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminTokens")
    void postResourceWhenTokenThenOnlyPermittedCallersStore(String name, String token, int status) {
        String path = "/kbs/v0/resource/default/" + unique("admin") + "/x";
        HttpResponse<String> response = token == null
                ? api.send("POST", path, "v".getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                : api.send("POST", path, "v".getBytes(StandardCharsets.UTF_8), "application/octet-stream",
                        "Authorization", "Bearer " + token);

        if (status == 200) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).isEmpty();
        } else {
            assertTrustee(response, status, "AdminAuthAccess");
        }
    }

    @Test
    void deleteResourceWhenPermittedThenGoneElseRefused() throws Exception {
        String path = "default/" + unique("key") + "/del";
        putResource(path, "bye");
        String createOnly = AAS.token("writer", Permission.of("KBS", "resources:create"));

        assertTrustee(api.send("DELETE", "/kbs/v0/resource/" + path, null, null, "Authorization", "Bearer " + createOnly),
                401, "AdminAuthAccess");
        assertThat(api.send("DELETE", "/kbs/v0/resource/" + path, null, null, "Authorization", "Bearer " + admin)
                .statusCode()).isEqualTo(200);
        assertTrustee(api.get("/kbs/v0/resource/" + path, "Authorization", "Bearer " + token("affirming", "tpm")), 401,
                "PluginInternalError");
    }

    @Test
    void postResourceWhenEmptyBodyThen401SerdeErrorNothingStored() {
        String path = "default/" + unique("key") + "/empty";
        assertTrustee(api.send("POST", "/kbs/v0/resource/" + path, new byte[0], "application/octet-stream",
                "Authorization", "Bearer " + admin), 401, "SerdeError");
        assertThat(jdbc.sql("SELECT count(*) FROM resource WHERE path = ?").param(path).query(Long.class).single()).isZero();
    }

    @Test
    void setResourcePolicyWhenDenyAllThenResourcesDeniedUntilRestored() throws Exception {
        String path = "default/" + unique("key") + "/policy";
        putResource(path, "gated");
        String token = token("affirming", "tpm");

        HttpResponse<String> denyAll = api.postJson("/kbs/v0/resource-policy", policyBody("false", null),
                "Authorization", "Bearer " + admin);
        HttpResponse<String> denied = api.get("/kbs/v0/resource/" + path, "Authorization", "Bearer " + token);
        restoreDefaultResourcePolicy();
        HttpResponse<String> allowed = api.get("/kbs/v0/resource/" + path, "Authorization", "Bearer " + token);

        assertThat(denyAll.statusCode()).as(denyAll.body()).isEqualTo(200);
        assertTrustee(denied, 401, "PolicyDeny");
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
    }

    @Test
    void setPolicyWhenInvalidThen401ParsePolicyErrorAndNothingStored() {
        long before = jdbc.sql("SELECT count(*) FROM policy").query(Long.class).single();

        assertTrustee(api.postJson("/kbs/v0/resource-policy", policyBody("input.submods ==", null),
                "Authorization", "Bearer " + admin), 401, "ParsePolicyError");
        assertTrustee(api.postJson("/kbs/v0/resource-policy", policyBody("true", "rego"),
                "Authorization", "Bearer " + admin), 401, "ParsePolicyError");
        assertTrustee(api.postJson("/kbs/v0/resource-policy", "{\"policy\":\"dHJ1ZQ==\"}",
                "Authorization", "Bearer " + admin), 401, "ParsePolicyError");
        assertTrustee(api.postJson("/kbs/v0/attestation-policy", "{\"type\":\"cel\",\"policy_id\":\"bad-id\",\"policy\":\""
                + b64("{\"hardware\": 2}") + "\"}", "Authorization", "Bearer " + admin), 401, "ParsePolicyError");
        assertThat(jdbc.sql("SELECT count(*) FROM policy").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void setAttestationPolicyWhenPermittedThenStoredElseRefused() {
        String body = "{\"type\":\"cel\",\"policy_id\":\"tenant_cpu\",\"policy\":\"" + b64("{\"hardware\": 2}") + "\"}";
        String storeOnly = AAS.token("writer", Permission.of("KBS", "resource_policy:store"));

        assertTrustee(api.postJson("/kbs/v0/attestation-policy", body, "Authorization", "Bearer " + storeOnly), 401,
                "AdminAuthAccess");
        assertThat(api.postJson("/kbs/v0/attestation-policy", body, "Authorization", "Bearer " + admin).statusCode())
                .isEqualTo(200);
        assertThat(jdbc.sql("SELECT body FROM policy WHERE kind = 'ATTESTATION' AND id = 'tenant_cpu'")
                .query(String.class).single()).isEqualTo("{\"hardware\": 2}");
    }

    @Test
    void getResourcePolicyWhenPermittedThenIdOfThePolicyInForceElseRefused() {
        String storeOnly = AAS.token("writer", Permission.of("KBS", "resource_policy:store"));
        String reader = AAS.token("reader", Permission.of("KBS", "resource_policy:retrieve"));

        HttpResponse<String> listed = api.get("/kbs/v0/resource-policy", "Authorization", "Bearer " + reader);

        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).isEqualTo("[\"resource_policy\"]");
        assertTrustee(api.get("/kbs/v0/resource-policy"), 401, "AdminAuthAccess");
        assertTrustee(api.get("/kbs/v0/resource-policy", "Authorization", "Bearer " + storeOnly), 401, "AdminAuthAccess");
    }

    @Test
    void getReferenceValueWhenPermittedThenUnexpiredValuesElseRefused() {
        String name = unique("rvps") + "/pcr11";
        REFERENCE_VALUES.put(name, CLOCK.instant().plus(Duration.ofHours(1)), "aa", "bb");
        String createOnly = AAS.token("writer", Permission.of("KBS", "reference_values:create"));

        HttpResponse<String> found = api.get("/kbs/v0/reference-value/" + name, "Authorization", "Bearer " + admin);

        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(found.body()).isEqualTo("[\"aa\",\"bb\"]");
        assertTrustee(api.get("/kbs/v0/reference-value/" + name), 401, "AdminAuthAccess");
        assertTrustee(api.get("/kbs/v0/reference-value/" + name, "Authorization", "Bearer " + createOnly), 401,
                "AdminAuthAccess");
        assertTrustee(api.get("/kbs/v0/reference-value/" + unique("none"), "Authorization", "Bearer " + admin), 401,
                "RvpsError");
        assertTrustee(api.get("/kbs/v0/reference-value/", "Authorization", "Bearer " + admin), 404, "InvalidRequestPath");
    }

    @Test
    void getReferenceValueWhenExpiredThenNotFound() {
        String name = unique("expired");
        REFERENCE_VALUES.put(name, CLOCK.instant().minusSeconds(1), "aa");

        assertTrustee(api.get("/kbs/v0/reference-value/" + name, "Authorization", "Bearer " + admin), 401, "RvpsError");
    }

    @Test
    void registerReferenceValueWhenNoRvpsConfiguredThen401RvpsError() {
        String message = "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"e30=\"}";
        assertTrustee(api.postJson("/kbs/v0/reference-value", message), 401, "AdminAuthAccess");
        assertTrustee(api.postJson("/kbs/v0/reference-value", message, "Authorization", "Bearer " + admin), 401,
                "RvpsError");
    }

    // ---- tokens and keys ----------------------------------------------------------------------------------------

    @Test
    void jwksWhenFetchedThenHoldsTheTokenSigningKeyWithCertificate() throws Exception {
        HttpResponse<String> response = api.get("/.well-known/jwks.json");
        SignedJWT token = SignedJWT.parse(token("affirming", "tpm"));

        assertThat(response.statusCode()).isEqualTo(200);
        JWKSet jwks = JWKSet.parse(response.body());
        ECKey key = (ECKey) jwks.getKeys().getFirst();
        assertThat(key.isPrivate()).isFalse();
        assertThat(key.getX509CertChain()).hasSize(1);
        assertThat(token.getHeader().getJWK().computeThumbprint()).isEqualTo(key.computeThumbprint());
        assertThat(token.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(key))).isTrue();
    }

    @Test
    void issueWhenAppraisalThenEarInTrusteeProfile() throws Exception {
        SignedJWT token = SignedJWT.parse(token("affirming", "tpm"));

        assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(token.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(token.getHeader().getJWK().toJSONObject()).containsKeys("kty", "crv", "x", "y", "alg", "x5c");
        assertThat(token.getHeader().getX509CertChain()).hasSize(1);
        Map<String, Object> claims = token.getPayload().toJSONObject();
        assertThat(claims).containsEntry("eat_profile", "tag:github.com,2024:confidential-containers/Trustee")
                .containsEntry("iss", "CoCo-Attestation-Service").containsKeys("iat", "exp", "ear.verifier-id");
        assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue()).isEqualTo(300);
        @SuppressWarnings("unchecked")
        Map<String, Object> cpu0 = (Map<String, Object>) ((Map<String, Object>) claims.get("submods")).get("cpu0");
        assertThat(cpu0).containsEntry("ear.status", "affirming").containsEntry("ear.appraisal-policy-id", "default");
        assertThat((Map<?, ?>) cpu0.get("ear.trustworthiness-vector")).hasSize(8);
    }

    @Test
    void openApiWhenServedThenMatchesCommittedSpec() {
        HttpResponse<String> response = api.get("/v3/api-docs.yaml");
        assertThat(response.statusCode()).isEqualTo(200);
        OpenApiSpecs.assertMatchesCommitted("kbs", response.body());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private HttpResponse<String> auth(String tee) {
        HttpResponse<String> response = api.postJson("/kbs/v0/auth", "{\"version\":\"0.4.0\",\"tee\":\"" + tee + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private String attestation(String nonce) {
        return RcarClient.attestation(nonce, workloadKey, "{}");
    }

    private String teePubkeyJson() {
        return RcarClient.teePubkeyJson(workloadKey);
    }

    private String sampleAttestation(String nonce) {
        return RcarClient.sampleAttestation(nonce, workloadKey);
    }

    /** An EAR token from this KBS's issuer, as an attestation of {@code tee} with the given status would give. */
    private String token(String status, String tee) throws Exception {
        Map<String, Object> jwk = com.nimbusds.jose.util.JSONObjectUtils.parse(teePubkeyJson());
        Map<String, Object> annotated = new LinkedHashMap<>();
        annotated.put(tee, Map.of("svn", "1"));
        annotated.put("report_data", "00");
        annotated.put("runtime_data_claims", Map.of("nonce", "n", "tee-pubkey", jwk, "additional-evidence", ""));
        int value = switch (status) {
            case "affirming" -> 2;
            case "warning" -> 33;
            default -> 97;
        };
        return earIssuer.issue(new Appraisal(TrustVector.fromPolicyResult(Map.of("hardware", value)), "default",
                annotated));
    }

    private static void registerSampleReferenceValues(Instant expiresAt) {
        REFERENCE_VALUES.put("svn", expiresAt, "1");
        REFERENCE_VALUES.put("launch_digest", expiresAt, "abcde");
        REFERENCE_VALUES.put("major_version", expiresAt, "1");
        REFERENCE_VALUES.put("minimum_minor_version", expiresAt, "1");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cpu0(String token) throws Exception {
        return (Map<String, Object>) ((Map<String, Object>) SignedJWT.parse(token).getPayload().toJSONObject()
                .get("submods")).get("cpu0");
    }

    private void restoreDefaultResourcePolicy() throws Exception {
        try (var in = KbsApiTest.class.getResourceAsStream("/policies/resource-default.cel")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(api.postJson("/kbs/v0/resource-policy", policyBody(text, "cel"), "Authorization", "Bearer " + admin)
                    .statusCode()).isEqualTo(200);
        }
    }

    private void putResource(String path, String content) {
        HttpResponse<String> response = api.send("POST", "/kbs/v0/resource/" + path,
                content.getBytes(StandardCharsets.UTF_8), "application/octet-stream", "Authorization", "Bearer " + admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String policyBody(String text, String type) {
        return "{\"policy\":\"" + b64(text) + "\"" + (type == null ? "" : ",\"type\":\"" + type + "\"") + "}";
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void assertTrustee(HttpResponse<String> response, int status, String variant) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        Map<String, Object> body = json(response);
        assertThat(body).containsOnlyKeys("type", "detail").containsEntry("type", ERRORS + variant);
        assertThat((String) body.get("detail")).isNotBlank();
        assertThat(response.body()).startsWith("{\"type\":");
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response)).containsEntry("type", "https://trustedcompute.dev/problems/" + code);
    }
}

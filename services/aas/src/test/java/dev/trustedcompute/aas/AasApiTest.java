package dev.trustedcompute.aas;

import dev.trustedcompute.testsupport.MutableClock;
import static dev.trustedcompute.aas.Api.assertProblem;
import static dev.trustedcompute.aas.Api.json;
import static dev.trustedcompute.aas.Api.jsonArray;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.servicekit.identity.Pem;
import dev.trustedcompute.testsupport.openapi.OpenApiSpecs;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** AAS end to end over HTTP on a real PostgreSQL: every endpoint's auth, validation, and the token flow. */
@SpringBootTest(classes = {AasApplication.class, AasApiTest.TestClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tc.aas.admin.username=admin",
                "tc.aas.admin.password=admin-password-1",
                "tc.aas.signing.key-passphrase=test key passphrase",
                "tc.aas.password.memory-kib=1024",
                "tc.aas.password.iterations=1"})
class AasApiTest {

    static final String ADMIN_PASSWORD = "admin-password-1";
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresDatabase db = PostgresDatabase.forTestClass(AasApiTest.class);
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.token("admin", ADMIN_PASSWORD);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- token flow ------------------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void tokenWhenUserWithRolesThenSecLClaimsSignedByKeyInJwks() throws Exception {
        String name = unique("hvs");
        String userId = api.createUser(admin, name, "hvs-password-1");
        String searcher = api.createRole(admin, "HVS", unique("ReportSearcher"), null, "reports:search:*", "hosts:search:*");
        String approver = api.createRole(admin, "CMS", "CertApprover", "CN=" + name + ";certType=TLS",
                "certificates:create:*");
        String both = api.createRole(admin, "HVS", unique("Other"), null, "reports:search:*", "flavors:search:*");
        HttpResponse<String> assigned = api.post("/aas/v1/users/" + userId + "/roles",
                "{\"role_ids\":[\"" + searcher + "\",\"" + approver + "\",\"" + both + "\"]}", admin);
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(201);

        Instant before = CLOCK.instant();
        SignedJWT jwt = SignedJWT.parse(api.token(name, "hvs-password-1"));

        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES384");
        JWKSet jwks = JWKSet.parse(api.get("/aas/v1/jwks", null).body());
        ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("kid %s in JWKS", jwt.getHeader().getKeyID()).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(name);
        assertThat(claims.getIssuer()).isEqualTo("AAS JWT Issuer");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(before);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(before.plus(Duration.ofHours(2)));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> roles = (List<Map<String, Object>>) claims.getClaim("roles");
        assertThat(roles).hasSize(3).anySatisfy(r -> assertThat(r).containsEntry("service", "CMS")
                .containsEntry("name", "CertApprover").containsEntry("context", "CN=" + name + ";certType=TLS"));
        assertThat(roles).filteredOn(r -> r.get("service").equals("HVS")).allSatisfy(r -> assertThat(r).doesNotContainKey("context"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> permissions = (List<Map<String, Object>>) claims.getClaim("permissions");
        assertThat(permissions).hasSize(2);
        Map<String, Object> hvs = permissions.stream().filter(p -> p.get("service").equals("HVS")).findFirst().orElseThrow();
        assertThat((List<Object>) hvs.get("rules")).containsExactlyInAnyOrder("reports:search:*", "hosts:search:*", "flavors:search:*");
        Map<String, Object> cms = permissions.stream().filter(p -> p.get("service").equals("CMS")).findFirst().orElseThrow();
        assertThat((List<Object>) cms.get("rules")).containsExactly("certificates:create:*");

        HttpResponse<String> perms = api.get("/aas/v1/users/" + userId + "/permissions", admin);
        assertThat(perms.statusCode()).isEqualTo(200);
        assertThat(jsonArray(perms)).hasSize(2);
    }

    @Test
    void tokenWhenAdminThenAdministratorRolesForEveryServiceAndAasEndpointsAllowed() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(admin).getJWTClaimsSet();
        assertThat(claims.getClaim("permissions").toString()).contains("service=AAS", "service=HVS", "service=CMS", "*:*:*");
        assertThat(api.get("/aas/v1/users?name=admin", admin).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenWhenValidatedLikeAnyServiceKitServiceThenAuthoritiesFromRulesAndWildcards() {
        // what CMS/HVS do: service-kit's default decoder on AAS's JWKS URL, then its authorities converter
        var decoder = org.springframework.security.oauth2.jwt.NimbusJwtDecoder
                .withJwkSetUri("http://localhost:" + port + "/aas/v1/jwks")
                .jwsAlgorithms(a -> a.add(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES384))
                .build();
        var timestamps = new org.springframework.security.oauth2.jwt.JwtTimestampValidator();
        timestamps.setClock(CLOCK); // other tests move the clock forward
        decoder.setJwtValidator(timestamps);
        var hvsCatalogue = dev.trustedcompute.servicekit.security.PermissionCatalogue.of(
                "HVS:hosts:create", "HVS:reports:search", "HVS:flavors:delete");
        var converter = new dev.trustedcompute.servicekit.security.PermissionAuthoritiesConverter(hvsCatalogue);

        var adminJwt = decoder.decode(admin);
        assertThat(converter.convert(adminJwt)).extracting(a -> a.getAuthority())
                .contains("HVS:hosts:create", "HVS:reports:search:*", "HVS:flavors:delete");
        assertThat(dev.trustedcompute.servicekit.security.TokenClaims.from(adminJwt).roles())
                .extracting(r -> r.service()).contains("AAS", "CMS", "HVS", "KBS", "RVPS", "AM", "TA");

        String name = unique("reader");
        String userId = api.createUser(admin, name, "reader-password");
        String role = api.createRole(admin, "HVS", unique("Reader"), null, "reports:search:*");
        api.post("/aas/v1/users/" + userId + "/roles", "{\"role_ids\":[\"" + role + "\"]}", admin);
        var readerJwt = decoder.decode(api.token(name, "reader-password"));
        assertThat(converter.convert(readerJwt)).extracting(a -> a.getAuthority())
                .containsExactlyInAnyOrder("HVS:reports:search", "HVS:reports:search:*");
    }

    @Test
    void tokenWhenWrongPasswordOrUnknownUserThenSame401() {
        String wrong = assertProblem(api.post("/aas/v1/token", Api.tokenBody("admin", "not-the-password"), null), 401,
                "invalid-credentials");
        String unknown = assertProblem(api.post("/aas/v1/token", Api.tokenBody(unique("nobody"), "whatever-pw"), null),
                401, "invalid-credentials");
        assertThat(wrong).isEqualTo(unknown).isEqualTo("invalid user name or password");
    }

    @Test
    void tokenWhenClientAcceptsOnlyJwtAndFailsThenStillProblemJson() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/aas/v1/token"))
                .header("Content-Type", "application/json").header("Accept", "application/jwt")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Api.tokenBody("admin", "wrong-password")))
                .build();
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 401, "invalid-credentials");
    }

    @Test
    void tokenWhenBadBodyThen400Problem() {
        assertProblem(api.post("/aas/v1/token", "{\"username\":\"admin\"", null), 400, "malformed-body");
        assertProblem(api.post("/aas/v1/token", "{\"username\":\"admin\"}", null), 400, "invalid-input");
        assertProblem(api.post("/aas/v1/token", "{\"password\":\"x\"}", null), 400, "invalid-input");
        assertProblem(api.post("/aas/v1/token", "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD
                + "\",\"extra\":1}", null), 400, "malformed-body");
        assertProblem(api.post("/aas/v1/token", "[]", null), 400, "malformed-body");
    }

    @Test
    void tokenWhenFiveFailuresThenLockedFor15MinutesAndSuccessResets() {
        String name = unique("locky");
        api.createUser(admin, name, "locky-password");
        // 4 failures, then success: the count resets
        for (int i = 0; i < 4; i++) {
            assertProblem(api.post("/aas/v1/token", Api.tokenBody(name, "wrong-" + i), null), 401, "invalid-credentials");
        }
        api.token(name, "locky-password");
        for (int i = 0; i < 4; i++) {
            assertProblem(api.post("/aas/v1/token", Api.tokenBody(name, "wrong-" + i), null), 401, "invalid-credentials");
        }
        // 5th failure within 5 minutes locks
        assertProblem(api.post("/aas/v1/token", Api.tokenBody(name, "wrong-5"), null), 401, "invalid-credentials");
        String detail = assertProblem(api.post("/aas/v1/token", Api.tokenBody(name, "locky-password"), null), 429,
                "account-locked");
        assertThat(detail).contains("locked until", "too many failed logins");

        CLOCK.advance(Duration.ofMinutes(14));
        assertProblem(api.post("/aas/v1/token", Api.tokenBody(name, "locky-password"), null), 429, "account-locked");
        CLOCK.advance(Duration.ofMinutes(1).plusSeconds(1));
        api.token(name, "locky-password");
        // reset: one more failure does not lock
        assertProblem(api.post("/aas/v1/token", Api.tokenBody(name, "wrong"), null), 401, "invalid-credentials");
        api.token(name, "locky-password");
    }

    @Test
    void tokenWhenUnknownUserFailsFiveTimesThenAlsoLocked() {
        String name = unique("ghost");
        for (int i = 0; i < 5; i++) {
            assertProblem(api.post("/aas/v1/token", Api.tokenBody(name, "pw-" + i), null), 401, "invalid-credentials");
        }
        assertProblem(api.post("/aas/v1/token", Api.tokenBody(name, "pw"), null), 429, "account-locked");
    }

    @Test
    void adminEndpointWhenTokenExpiredOrForeignThen401() throws Exception {
        String stale = admin;
        CLOCK.advance(Duration.ofHours(2).plusMinutes(2));
        assertProblem(api.get("/aas/v1/users", stale), 401, "unauthorized");
        String fresh = api.token("admin", ADMIN_PASSWORD);
        assertThat(api.get("/aas/v1/users", fresh).statusCode()).isEqualTo(200);
        // flip one signature character
        String tampered = fresh.substring(0, fresh.length() - 3) + (fresh.charAt(fresh.length() - 3) == 'A' ? 'B' : 'A')
                + fresh.substring(fresh.length() - 2);
        assertProblem(api.get("/aas/v1/users", tampered), 401, "unauthorized");
    }

    @Test
    void requestsWhenNulCharactersThen400NotServerError() {
        assertProblem(api.post("/aas/v1/token", Api.tokenBody("ad\\u0000min", "whatever-pw"), null), 400, "invalid-input");
        assertProblem(api.get("/aas/v1/users?name=a%00b", admin), 400, "invalid-input");
        assertProblem(api.get("/aas/v1/users?nameContains=%00", admin), 400, "invalid-input");
        assertProblem(api.get("/aas/v1/roles?context=%00", admin), 400, "invalid-input");
        assertProblem(api.get("/aas/v1/roles?contextContains=x%00", admin), 400, "invalid-input");
        assertProblem(api.post("/aas/v1/users", "{\"username\":\"a\\u0000b\",\"password\":\"good-password\"}", admin),
                400, "invalid-input");
        assertProblem(api.post("/aas/v1/roles", "{\"service\":\"HVS\",\"name\":\"N\",\"context\":\"\\u0000\"}", admin),
                400, "invalid-input");
    }

    // ---- keys ------------------------------------------------------------------------------------------------

    @Test
    void rotateWhenCalledThenOldTokensStillValidAndJwksListsBothUntilRetention() throws Exception {
        String oldToken = admin;
        String oldKid = SignedJWT.parse(oldToken).getHeader().getKeyID();
        HttpResponse<String> rotated = api.post("/aas/v1/jwks/rotate", null, admin);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        String newKid = (String) ((Map<String, Object>) json(rotated).get("active")).get("kid");
        assertThat(newKid).isNotEqualTo(oldKid);

        JWKSet jwks = JWKSet.parse(api.get("/aas/v1/jwks", null).body());
        assertThat(jwks.getKeys()).extracting(k -> k.getKeyID()).startsWith(newKid).contains(oldKid);
        assertThat(api.get("/aas/v1/users", oldToken).statusCode()).isEqualTo(200);
        String newToken = api.token("admin", ADMIN_PASSWORD);
        assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(newKid);

        // retention = token lifetime (2h) + skew (60s)
        CLOCK.advance(Duration.ofHours(2).plusSeconds(61));
        JWKSet later = JWKSet.parse(api.get("/aas/v1/jwks", null).body());
        assertThat(later.getKeys()).extracting(k -> k.getKeyID()).contains(newKid).doesNotContain(oldKid);
    }

    @Test
    void jwtCertificatesWhenFetchedThenPemChainOfJwksKeys() throws Exception {
        HttpResponse<String> response = api.get("/aas/v1/jwt-certificates", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/x-pem-file"));
        List<X509Certificate> certs = Pem.certificates(response.body());
        JWKSet jwks = JWKSet.parse(api.get("/aas/v1/jwks", null).body());
        ECKey active = (ECKey) jwks.getKeys().getFirst();
        assertThat(certs.getFirst().getPublicKey()).isEqualTo(active.toECPublicKey());
        assertThat(certs.getFirst().getSubjectX500Principal().getName()).isEqualTo("CN=AAS JWT Signing Certificate");
    }

    // ---- authn / authz matrix ------------------------------------------------------------------------------

    static Stream<Arguments> protectedEndpoints() {
        String id = UUID.randomUUID().toString();
        String rid = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("POST", "/aas/v1/users", "{\"username\":\"x1\",\"password\":\"password-1\"}"),
                Arguments.of("GET", "/aas/v1/users", null),
                Arguments.of("GET", "/aas/v1/users/" + id, null),
                Arguments.of("PATCH", "/aas/v1/users/" + id, "{\"username\":\"x2\"}"),
                Arguments.of("DELETE", "/aas/v1/users/" + id, null),
                Arguments.of("POST", "/aas/v1/users/" + id + "/roles", "{\"role_ids\":[\"" + rid + "\"]}"),
                Arguments.of("GET", "/aas/v1/users/" + id + "/roles", null),
                Arguments.of("GET", "/aas/v1/users/" + id + "/roles/" + rid, null),
                Arguments.of("DELETE", "/aas/v1/users/" + id + "/roles/" + rid, null),
                Arguments.of("GET", "/aas/v1/users/" + id + "/permissions", null),
                Arguments.of("POST", "/aas/v1/roles", "{\"service\":\"HVS\",\"name\":\"X\",\"permissions\":[]}"),
                Arguments.of("GET", "/aas/v1/roles", null),
                Arguments.of("GET", "/aas/v1/roles/" + rid, null),
                Arguments.of("DELETE", "/aas/v1/roles/" + rid, null),
                Arguments.of("POST", "/aas/v1/jwks/rotate", null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("protectedEndpoints")
    void endpointWhenNoTokenThen401(String method, String path, String body) {
        assertProblem(api.send(method, path, body, null), 401, "unauthorized");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("protectedEndpoints")
    void endpointWhenTokenLacksPermissionThen403(String method, String path, String body) {
        String name = unique("plain");
        api.createUser(admin, name, "plain-password");
        String roleId = api.createRole(admin, "HVS", unique("Unrelated"), null, "reports:search:*");
        String userId = (String) jsonArray(api.get("/aas/v1/users?name=" + name, admin)).stream()
                .map(m -> (Map<?, ?>) m).findFirst().orElseThrow().get("user_id");
        api.post("/aas/v1/users/" + userId + "/roles", "{\"role_ids\":[\"" + roleId + "\"]}", admin);
        String token = api.token(name, "plain-password");
        assertProblem(api.send(method, path, body, token), 403, "forbidden");
    }

    @Test
    void passwordChangeWhenNoTokenThen401() {
        assertProblem(api.send("PATCH", "/aas/v1/users/" + UUID.randomUUID() + "/password",
                "{\"new_password\":\"abcdefgh1\"}", null), 401, "unauthorized");
    }

    // ---- users ---------------------------------------------------------------------------------------------

    @Test
    void usersWhenCrudThenStoredAndPasswordNeverReturned() {
        String name = unique("carol");
        HttpResponse<String> created = api.post("/aas/v1/users",
                "{\"username\":\"" + name + "\",\"password\":\"carol-password\"}", admin);
        assertThat(created.statusCode()).isEqualTo(201);
        String id = (String) json(created).get("user_id");
        assertThat(created.headers().firstValue("Location")).hasValue("/aas/v1/users/" + id);
        assertThat(created.body()).doesNotContain("password", "argon2");

        HttpResponse<String> got = api.get("/aas/v1/users/" + id, admin);
        assertThat(json(got)).containsEntry("user_id", id).containsEntry("username", name).hasSize(2);
        assertThat(jsonArray(api.get("/aas/v1/users?name=" + name, admin))).hasSize(1);
        assertThat(jsonArray(api.get("/aas/v1/users?nameContains=" + name.substring(0, 7), admin))).isNotEmpty();
        assertThat(jsonArray(api.get("/aas/v1/users?name=" + name + "x", admin))).isEmpty();

        String renamed = name + "-r";
        HttpResponse<String> patched = api.send("PATCH", "/aas/v1/users/" + id,
                "{\"username\":\"" + renamed + "\",\"password\":\"carol-password-2\"}", admin);
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(json(patched)).containsEntry("username", renamed);
        api.token(renamed, "carol-password-2");

        String hash = jdbc.sql("SELECT password_hash FROM users WHERE id = ?").param(UUID.fromString(id))
                .query(String.class).single();
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");

        assertThat(api.send("DELETE", "/aas/v1/users/" + id, null, admin).statusCode()).isEqualTo(204);
        assertProblem(api.get("/aas/v1/users/" + id, admin), 404, "user-not-found");
        assertProblem(api.send("DELETE", "/aas/v1/users/" + id, null, admin), 404, "user-not-found");
    }

    @Test
    void usersWhenBadInputThen4xxProblemAndNothingWritten() {
        int before = countUsers();
        String name = unique("dup");
        api.createUser(admin, name, "dup-password");
        assertProblem(api.post("/aas/v1/users", "{\"username\":\"" + name + "\",\"password\":\"other-password\"}", admin),
                409, "user-exists");
        assertProblem(api.post("/aas/v1/users", "{\"username\":\"nopass\"}", admin), 400, "invalid-input");
        assertProblem(api.post("/aas/v1/users", "{\"password\":\"some-password\"}", admin), 400, "invalid-input");
        assertProblem(api.post("/aas/v1/users", "{\"username\":\"short\",\"password\":\"short\"}", admin), 400,
                "invalid-input");
        assertProblem(api.post("/aas/v1/users", "{\"username\":\"bad name!\",\"password\":\"good-password\"}", admin),
                400, "invalid-input");
        assertProblem(api.post("/aas/v1/users", "{\"username\":\"u1\",\"password\":\"good-password\",\"admin\":true}",
                admin), 400, "malformed-body");
        assertProblem(api.post("/aas/v1/users", "{\"username\":", admin), 400, "malformed-body");
        assertProblem(api.post("/aas/v1/users", "{\"username\":5,\"password\":[]}", admin), 400, "malformed-body");
        assertProblem(api.get("/aas/v1/users/not-a-uuid", admin), 400, "bad-request");
        assertProblem(api.get("/aas/v1/users/" + UUID.randomUUID(), admin), 404, "user-not-found");
        assertProblem(api.send("PATCH", "/aas/v1/users/" + UUID.randomUUID(), "{\"username\":\"zz\"}", admin), 404,
                "user-not-found");
        String otherId = api.createUser(admin, unique("other"), "other-password");
        assertProblem(api.send("PATCH", "/aas/v1/users/" + otherId, "{}", admin), 400, "invalid-input");
        assertProblem(api.send("PATCH", "/aas/v1/users/" + otherId, "{\"username\":\"" + name + "\"}", admin), 409,
                "user-exists");
        assertThat(countUsers()).isEqualTo(before + 2);
    }

    @Test
    void passwordChangeWhenSelfThenCurrentRequiredAndOthersNeedStore() {
        String alice = unique("alice");
        String aliceId = api.createUser(admin, alice, "alice-password");
        String bobId = api.createUser(admin, unique("bob"), "bob-password");
        String aliceToken = api.token(alice, "alice-password");

        assertProblem(api.send("PATCH", "/aas/v1/users/" + aliceId + "/password",
                "{\"new_password\":\"alice-password-2\"}", aliceToken), 400, "invalid-input");
        assertProblem(api.send("PATCH", "/aas/v1/users/" + aliceId + "/password",
                "{\"current_password\":\"wrong-one\",\"new_password\":\"alice-password-2\"}", aliceToken), 401,
                "invalid-credentials");
        assertProblem(api.send("PATCH", "/aas/v1/users/" + aliceId + "/password",
                "{\"current_password\":\"alice-password\",\"new_password\":\"short\"}", aliceToken), 400, "invalid-input");
        assertProblem(api.send("PATCH", "/aas/v1/users/" + bobId + "/password",
                "{\"new_password\":\"bob-password-2\"}", aliceToken), 403, "forbidden");
        assertThat(api.send("PATCH", "/aas/v1/users/" + aliceId + "/password",
                "{\"current_password\":\"alice-password\",\"new_password\":\"alice-password-2\"}", aliceToken)
                .statusCode()).isEqualTo(204);
        api.token(alice, "alice-password-2");
        assertProblem(api.post("/aas/v1/token", Api.tokenBody(alice, "alice-password"), null), 401, "invalid-credentials");

        // administrator reset without the current password
        assertThat(api.send("PATCH", "/aas/v1/users/" + bobId + "/password", "{\"new_password\":\"bob-password-2\"}",
                admin).statusCode()).isEqualTo(204);
    }

    @Test
    void deleteWhenLastAdministratorThen409() {
        String adminId = (String) ((Map<?, ?>) jsonArray(api.get("/aas/v1/users?name=admin", admin)).getFirst()).get("user_id");
        assertProblem(api.send("DELETE", "/aas/v1/users/" + adminId, null, admin), 409, "last-administrator");
        String aasAdminRole = (String) ((Map<?, ?>) jsonArray(api.get("/aas/v1/roles?service=AAS&name=Administrator",
                admin)).getFirst()).get("role_id");
        assertProblem(api.send("DELETE", "/aas/v1/users/" + adminId + "/roles/" + aasAdminRole, null, admin), 409,
                "last-administrator");
        assertProblem(api.send("DELETE", "/aas/v1/roles/" + aasAdminRole, null, admin), 409, "built-in-role");
    }

    // ---- roles ---------------------------------------------------------------------------------------------

    @Test
    void rolesWhenCrudThenStoredAndFiltered() {
        String name = unique("Reader");
        HttpResponse<String> created = api.post("/aas/v1/roles", "{\"service\":\"KBS\",\"name\":\"" + name
                + "\",\"context\":\"repo=default\",\"permissions\":[\"resources:retrieve:*\",\"policies:search:*\"]}", admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = (String) json(created).get("role_id");
        assertThat(json(api.get("/aas/v1/roles/" + id, admin))).containsEntry("service", "KBS").containsEntry("name", name)
                .containsEntry("context", "repo=default")
                .containsEntry("permissions", List.of("resources:retrieve:*", "policies:search:*"));
        assertThat(jsonArray(api.get("/aas/v1/roles?service=KBS&name=" + name, admin))).hasSize(1);
        assertThat(jsonArray(api.get("/aas/v1/roles?service=KBS&name=" + name + "&context=other", admin))).isEmpty();
        assertThat(jsonArray(api.get("/aas/v1/roles?contextContains=repo%3Ddef", admin))).isNotEmpty();
        // same service+name with another context is a different role
        api.createRole(admin, "KBS", name, "repo=other", "resources:retrieve:*");

        assertThat(api.send("DELETE", "/aas/v1/roles/" + id, null, admin).statusCode()).isEqualTo(204);
        assertProblem(api.get("/aas/v1/roles/" + id, admin), 404, "role-not-found");
    }

    @Test
    void rolesWhenBadInputThen4xxProblem() {
        String name = unique("Dup");
        api.createRole(admin, "HVS", name, null, "a:b:*");
        assertProblem(api.post("/aas/v1/roles", "{\"service\":\"HVS\",\"name\":\"" + name + "\",\"permissions\":[]}", admin),
                409, "role-exists");
        assertProblem(api.post("/aas/v1/roles", "{\"name\":\"X\",\"permissions\":[]}", admin), 400, "invalid-input");
        assertProblem(api.post("/aas/v1/roles", "{\"service\":\"HVS\",\"permissions\":[]}", admin), 400, "invalid-input");
        String detail = assertProblem(api.post("/aas/v1/roles",
                "{\"service\":\"HVS\",\"name\":\"X1\",\"permissions\":[\"reports:search\"]}", admin), 400, "invalid-input");
        assertThat(detail).contains("permissions[0]", "resource:action:selector");
        assertProblem(api.post("/aas/v1/roles", "{\"service\":\"hvs\",\"name\":\"X2\"}", admin), 400, "invalid-input");
        assertProblem(api.post("/aas/v1/roles", "{\"service\":\"HVS\",\"name\":\"X3\",\"permissions\":\"a:b:*\"}",
                admin), 400, "malformed-body");
        assertProblem(api.get("/aas/v1/roles/123", admin), 400, "bad-request");
        assertProblem(api.send("DELETE", "/aas/v1/roles/" + UUID.randomUUID(), null, admin), 404, "role-not-found");
        assertThat(jdbc.sql("SELECT count(*) FROM roles WHERE name LIKE 'X_'").query(Integer.class).single()).isZero();
    }

    // ---- user roles ----------------------------------------------------------------------------------------

    @Test
    void userRolesWhenAssignedThenListedAndRemovable() {
        String userId = api.createUser(admin, unique("dave"), "dave-password");
        String r1 = api.createRole(admin, "HVS", unique("R1"), null, "hosts:create:*");
        String r2 = api.createRole(admin, "TA", unique("R2"), null, "quote:create:*");

        HttpResponse<String> assigned = api.post("/aas/v1/users/" + userId + "/roles",
                "{\"role_ids\":[\"" + r1 + "\",\"" + r2 + "\",\"" + r1 + "\"]}", admin);
        assertThat(assigned.statusCode()).isEqualTo(201);
        assertThat(jsonArray(assigned)).hasSize(2);
        // assigning again is harmless
        assertThat(api.post("/aas/v1/users/" + userId + "/roles", "{\"role_ids\":[\"" + r1 + "\"]}", admin).statusCode())
                .isEqualTo(201);
        assertThat(jsonArray(api.get("/aas/v1/users/" + userId + "/roles", admin))).hasSize(2);
        assertThat(jsonArray(api.get("/aas/v1/users/" + userId + "/roles?service=TA", admin))).hasSize(1);
        assertThat(json(api.get("/aas/v1/users/" + userId + "/roles/" + r2, admin))).containsEntry("role_id", r2);

        assertProblem(api.send("DELETE", "/aas/v1/roles/" + r1, null, admin), 409, "role-in-use");
        assertThat(api.send("DELETE", "/aas/v1/users/" + userId + "/roles/" + r1, null, admin).statusCode()).isEqualTo(204);
        assertProblem(api.get("/aas/v1/users/" + userId + "/roles/" + r1, admin), 404, "role-not-assigned");
        assertProblem(api.send("DELETE", "/aas/v1/users/" + userId + "/roles/" + r1, null, admin), 404, "role-not-assigned");
        assertThat(api.send("DELETE", "/aas/v1/roles/" + r1, null, admin).statusCode()).isEqualTo(204);
    }

    @Test
    void userRolesWhenUnknownRoleThen404AndNoneAssigned() {
        String userId = api.createUser(admin, unique("erin"), "erin-password");
        String r1 = api.createRole(admin, "HVS", unique("R"), null, "hosts:create:*");
        assertProblem(api.post("/aas/v1/users/" + userId + "/roles",
                "{\"role_ids\":[\"" + r1 + "\",\"" + UUID.randomUUID() + "\"]}", admin), 404, "role-not-found");
        assertThat(jsonArray(api.get("/aas/v1/users/" + userId + "/roles", admin))).isEmpty();
        assertProblem(api.post("/aas/v1/users/" + userId + "/roles", "{\"role_ids\":[]}", admin), 400, "invalid-input");
        assertProblem(api.post("/aas/v1/users/" + userId + "/roles", "{}", admin), 400, "invalid-input");
        assertProblem(api.post("/aas/v1/users/" + userId + "/roles", "{\"role_ids\":[\"nope\"]}", admin), 400,
                "malformed-body");
        assertProblem(api.post("/aas/v1/users/" + UUID.randomUUID() + "/roles", "{\"role_ids\":[\"" + r1 + "\"]}", admin),
                404, "user-not-found");
        assertProblem(api.get("/aas/v1/users/" + UUID.randomUUID() + "/permissions", admin), 404, "user-not-found");
    }

    // ---- OpenAPI -------------------------------------------------------------------------------------------

    @Test
    void openApiWhenServedThenMatchesCommittedSpec() {
        HttpResponse<String> response = api.get("/v3/api-docs.yaml", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("/aas/v1/token", "/aas/v1/users/{id}/roles/{roleId}", "bearerAuth");
        OpenApiSpecs.assertMatchesCommitted("aas", response.body());
    }

    private int countUsers() {
        return jdbc.sql("SELECT count(*) FROM users").query(Integer.class).single();
    }
}

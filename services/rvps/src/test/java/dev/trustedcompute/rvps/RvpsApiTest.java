package dev.trustedcompute.rvps;

import dev.trustedcompute.testsupport.MutableClock;
import static dev.trustedcompute.rvps.Api.assertProblem;
import static dev.trustedcompute.rvps.Api.json;
import static dev.trustedcompute.rvps.TestSigners.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64URL;
import dev.trustedcompute.rvps.TestSigners.Signer;
import dev.trustedcompute.rvps.referencevalues.RvpsAuthorities;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import dev.trustedcompute.testsupport.openapi.OpenApiSpecs;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
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

/**
 * RVPS end to end over HTTP on a real PostgreSQL, tokens from a stand-in AAS (real JWKS over HTTP), bundles
 * signed with Nimbus, time from a clock the tests move.
 */
@SpringBootTest(classes = {RvpsApplication.class, RvpsApiTest.TestClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RvpsApiTest {

    static final String BASE = "/rvps/v1/reference-values";
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final TestTokenIssuer AAS = TestTokenIssuer.start();
    static final PostgresDatabase DB = PostgresDatabase.forTestClass(RvpsApiTest.class);
    static final Signer VENDOR = Signer.ec(Curve.P_384);
    static final Signer CERTIFIED_VENDOR = Signer.rsa(2048, JWSAlgorithm.PS256);

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::jdbcUrl);
        registry.add("spring.datasource.username", DB::username);
        registry.add("spring.datasource.password", DB::password);
        registry.add("tc.security.jwks-uri", AAS::jwksUri);
        registry.add("tc.rvps.trusted-signers.vendor-a", VENDOR::publicKeyPem);
        registry.add("tc.rvps.trusted-signers.vendor-b", () -> CERTIFIED_VENDOR.certificatePem(
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(3650))));
        registry.add("tc.rvps.default-page-size", () -> "20");
        registry.add("tc.rvps.max-page-size", () -> "50");
    }

    @AfterAll
    static void stop() {
        AAS.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static String token(String subject, String... authorities) {
        return AAS.token(subject, Stream.of(authorities)
                .map(a -> Permission.of("RVPS", a.substring("RVPS:".length()) + ":*"))
                .toArray(Permission[]::new));
    }

    static final String ADMIN = AAS.token("admin", Permission.of("RVPS", "*:*:*"));

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String sampleMessage(String json) {
        return "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\""
                + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)) + "\"}";
    }

    static String bundleMessage(String jws) {
        return "{\"version\":\"0.1.0\",\"type\":\"signed-bundle\",\"payload\":\"" + jws + "\"}";
    }

    static String path(String name) {
        return BASE + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    HttpResponse<String> register(String message, String token) {
        return api.post(BASE, message, token);
    }

    void registered(String message) {
        HttpResponse<String> response = register(message, ADMIN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    long rowCount() {
        return jdbc.sql("SELECT count(*) FROM reference_values").query(Long.class).single();
    }

    // ---- register ----------------------------------------------------------------------------------------------

    @Test
    void registerWhenKbsClientSampleMessageThen201AndStoredWithProvenance() {
        String name = unique("svn");
        String creator = token("kbs-admin", RvpsAuthorities.CREATE);
        Instant now = CLOCK.instant();

        HttpResponse<String> response = register(sampleMessage("{\"" + name + "\":[\"1\"]}"), creator);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String expiration = now.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant().toString();
        assertThat(json(response)).isEqualTo(Map.of("registered",
                List.of(Map.of("name", name, "values", List.of("1"), "expiration", expiration))));
        HttpResponse<String> stored = api.get(path(name), ADMIN);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        Map<String, Object> provenance = new HashMap<>();
        provenance.put("registeredBy", "kbs-admin");
        provenance.put("messageType", "sample");
        provenance.put("signer", null);
        provenance.put("registeredAt", now.toString());
        assertThat(json(stored)).isEqualTo(Map.of("name", name, "values", List.of("1"), "expiration", expiration,
                "provenance", provenance));
    }

    @Test
    void registerWhenExactTrusteeMessageBytesThen201() {
        // kbs-client config set-sample-reference-value svn 1 (message JSON as serde_json writes it)
        jdbc.sql("DELETE FROM reference_values WHERE name = 'svn'").update();

        HttpResponse<String> response = register("{\"payload\":\"eyJzdm4iOlsiMSJdfQ==\",\"type\":\"sample\",\"version\":\"0.1.0\"}", ADMIN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(api.post(BASE + "/query", "{\"names\":[\"svn\"]}", ADMIN))).isEqualTo(Map.of("svn", List.of("1")));
    }

    @Test
    void registerWhenNameExistsThenValuesAndProvenanceReplaced() {
        String name = unique("launch_digest");
        registered(sampleMessage("{\"" + name + "\":[\"aaaa\",\"bbbb\"]}"));
        CLOCK.advance(Duration.ofSeconds(5));
        String replacer = token("ci-pipeline", RvpsAuthorities.CREATE);

        HttpResponse<String> response = register(bundleMessage(VENDOR.sign("vendor-a", manifest(CLOCK.instant().plusSeconds(60))
                .value(name, CLOCK.instant().plus(Duration.ofDays(30)), "cccc").json())), replacer);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Map<String, Object> stored = json(api.get(path(name), ADMIN));
        assertThat(stored.get("values")).isEqualTo(List.of("cccc"));
        assertThat(stored.get("expiration")).isEqualTo(CLOCK.instant().plus(Duration.ofDays(30)).toString());
        assertThat(stored.get("provenance")).isEqualTo(Map.of("registeredBy", "ci-pipeline",
                "messageType", "signed-bundle", "signer", "vendor-a", "registeredAt", CLOCK.instant().toString()));
        assertThat(jdbc.sql("SELECT count(*) FROM reference_values WHERE name = ?").param(name).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void registerWhenSignedBundleFromCertificateSignerThenValuesWithManifestExpirations() {
        String a = unique("tpm_pcr7");
        String b = unique("trusted_aks");
        Instant expA = CLOCK.instant().plus(Duration.ofDays(10));
        Instant expB = CLOCK.instant().plus(Duration.ofDays(400));
        String jws = CERTIFIED_VENDOR.sign("vendor-b", manifest(CLOCK.instant().plus(Duration.ofHours(1)))
                .value(b, expB, "MIIBIjANBgkq", "MIIBCgKCAQEA").value(a, expA, "9f86d081884c7d65").json());

        HttpResponse<String> response = register(bundleMessage(jws), ADMIN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(response)).isEqualTo(Map.of("registered", List.of(
                Map.of("name", a, "values", List.of("9f86d081884c7d65"), "expiration", expA.toString()),
                Map.of("name", b, "values", List.of("MIIBIjANBgkq", "MIIBCgKCAQEA"), "expiration", expB.toString()))));
        assertThat(json(api.get(path(a), ADMIN)).get("provenance")).asString().contains("signer=vendor-b");
    }

    @Test
    void registerWhenOneValueInvalidThenNothingWrittenAndExistingKept() {
        String kept = unique("kept");
        registered(sampleMessage("{\"" + kept + "\":[\"old\"]}"));
        long before = rowCount();

        assertProblem(register(sampleMessage("{\"" + kept + "\":[\"new\"],\"" + unique("other") + "\":[\"x\\u0000y\"]}"),
                ADMIN), 400, "invalid-reference-value");

        assertThat(rowCount()).isEqualTo(before);
        assertThat(json(api.get(path(kept), ADMIN)).get("values")).isEqualTo(List.of("old"));
    }

    @Test
    void registerWhenNoTokenThen401() {
        assertProblem(register(sampleMessage("{\"a\":[\"1\"]}"), null), 401, "unauthorized");
    }

    @Test
    void registerWhenTokenLacksCreateThen403AndNothingWritten() {
        long before = rowCount();
        String others = token("reader", RvpsAuthorities.SEARCH, RvpsAuthorities.RETRIEVE, RvpsAuthorities.QUERY,
                RvpsAuthorities.DELETE);

        assertProblem(register(sampleMessage("{\"" + unique("a") + "\":[\"1\"]}"), others), 403, "forbidden");
        assertThat(rowCount()).isEqualTo(before);
    }

    @Test
    void registerWhenTokenForgedOrExpiredThen401() {
        String message = sampleMessage("{\"a\":[\"1\"]}");
        assertProblem(register(message, AAS.builder("x").permissions(Permission.of("RVPS", "reference_values:create:*"))
                .signedByForeignKey().sign()), 401, "unauthorized");
        assertProblem(register(message, AAS.builder("x").permissions(Permission.of("RVPS", "reference_values:create:*"))
                .expired().sign()), 401, "unauthorized");
    }

    @Test
    void registerWhenTokenHasNoSubjectThen401AndNothingWritten() {
        long before = rowCount();
        String anonymous = AAS.builder(null).permissions(Permission.of("RVPS", "reference_values:create:*")).sign();

        assertProblem(register(sampleMessage("{\"" + unique("a") + "\":[\"1\"]}"), anonymous), 401, "unauthorized");
        assertThat(rowCount()).isEqualTo(before);
    }

    @Test
    void registerWhenConcurrentOverlappingMessagesThenEveryNameFromTheSameLastMessage() throws Exception {
        String prefix = unique("race") + "-";
        List<String> names = List.of(prefix + "a", prefix + "b", prefix + "c");
        int writers = 8;
        var pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                // each writer lists the names in its own order; the service still locks rows in name order
                List<String> order = new ArrayList<>(names);
                Collections.rotate(order, w);
                StringBuilder json = new StringBuilder("{");
                for (String name : order) {
                    json.append(json.length() > 1 ? "," : "").append("\"").append(name).append("\":[\"w").append(w).append("\"]");
                }
                String message = sampleMessage(json.append("}").toString());
                results.add(pool.submit(() -> register(message, ADMIN).statusCode()));
            }
            for (var result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Object> stored = json(api.post(BASE + "/query", "{\"names\":[\"" + String.join("\",\"", names) + "\"]}", ADMIN));
        assertThat(stored).containsOnlyKeys(names);
        assertThat(new HashSet<>(stored.values())).as("all names from one message: %s", stored).hasSize(1);
    }

    static Stream<Arguments> badMessages() {
        Instant later = Instant.now().plus(Duration.ofDays(2000));
        String goodManifest = manifest(later).value("a", later, "1").json();
        String[] jws = VENDOR.sign("vendor-a", goodManifest).split("\\.");
        byte[] signature = new Base64URL(jws[2]).decode();
        signature[0] ^= 1;
        return Stream.of(
                Arguments.of("malformed JSON", "{\"version\":\"0.1.0\",\"type\":\"sample\"", "malformed-body"),
                Arguments.of("not an object", "[]", "malformed-body"),
                Arguments.of("payload an object", "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":{\"a\":[\"1\"]}}", "malformed-body"),
                Arguments.of("wrong version", "{\"version\":\"1.0.0\",\"type\":\"sample\",\"payload\":\"e30=\"}", "unsupported-message"),
                Arguments.of("unknown type", "{\"version\":\"0.1.0\",\"type\":\"swid\",\"payload\":\"e30=\"}", "unsupported-message"),
                Arguments.of("no type", "{\"version\":\"0.1.0\",\"payload\":\"e30=\"}", "unsupported-message"),
                Arguments.of("no payload", "{\"version\":\"0.1.0\",\"type\":\"sample\"}", "unsupported-message"),
                Arguments.of("payload not JSON", "{\"type\":\"sample\",\"payload\":\"aGVsbG8=\"}", "invalid-payload"),
                Arguments.of("payload not base64", "{\"type\":\"sample\",\"payload\":\"e30\"}", "invalid-payload"),
                Arguments.of("NUL in a name", sampleMessage("{\"a\\u0000\":[\"1\"]}"), "invalid-reference-value"),
                Arguments.of("NUL in the type", "{\"type\":\"sam\\u0000ple\",\"payload\":\"e30=\"}", "unsupported-message"),
                Arguments.of("no values", sampleMessage("{}"), "invalid-reference-value"),
                Arguments.of("bad JWS", bundleMessage("eyJhbGciOiJFUzM4NCJ9.not-a-jws"), "invalid-payload"),
                Arguments.of("unknown signer", bundleMessage(Signer.ec(Curve.P_256).sign("vendor-z", goodManifest)), "untrusted-signer"),
                Arguments.of("bad signature", bundleMessage(jws[0] + "." + jws[1] + "." + Base64URL.encode(signature)), "invalid-signature"),
                Arguments.of("foreign key under trusted kid", bundleMessage(Signer.ec(Curve.P_384).sign("vendor-a", goodManifest)), "invalid-signature"),
                Arguments.of("expired manifest", bundleMessage(VENDOR.sign("vendor-a",
                        manifest(Instant.now().minusSeconds(3600)).value("a", later, "1").json())), "manifest-expired"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessages")
    void registerWhenBadMessageThen400ProblemAndNothingWritten(String why, String body, String code) {
        long before = rowCount();

        assertProblem(register(body, ADMIN), 400, code);

        assertThat(rowCount()).isEqualTo(before);
    }

    @Test
    void registerWhenBodyOverLimitThen413Problem() {
        String huge = "{\"type\":\"sample\",\"payload\":\"" + "A".repeat(1_100_000) + "\"}";

        assertProblem(register(huge, ADMIN), 413, "payload-too-large");
    }

    @Test
    void registerWhenNotJsonContentTypeThen415Problem() {
        assertProblem(api.send("POST", BASE, "text/plain", sampleMessage("{\"a\":[\"1\"]}"), ADMIN), 415,
                "unsupported-media-type");
    }

    // ---- get ---------------------------------------------------------------------------------------------------

    @Test
    void getWhenNameHasSlashesColonsPercentAndSpacesThenFoundByEncodedName() {
        String name = "rvps:///" + unique("vendor") + "/kernel cmdline:100%/v1";
        registered(sampleMessage("{\"" + name + "\":[\"abc\"]}"));

        HttpResponse<String> response = api.get(path(name), ADMIN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("name")).isEqualTo(name);
        assertThat(api.delete(path(name), ADMIN).statusCode()).isEqualTo(204);
    }

    @Test
    void getWhenAbsentThen404Problem() {
        assertProblem(api.get(path(unique("absent")), ADMIN), 404, "reference-value-not-found");
    }

    @Test
    void getWhenNoTokenThen401() {
        assertProblem(api.get(path("svn"), null), 401, "unauthorized");
    }

    @Test
    void getWhenTokenLacksRetrieveThen403() {
        assertProblem(api.get(path("svn"), token("q", RvpsAuthorities.QUERY, RvpsAuthorities.SEARCH)), 403, "forbidden");
    }

    @Test
    void getWhenNameHasControlCharactersThen400Problem() {
        // Tomcat refuses %00 (ProblemErrorReportValve), Spring Security's firewall %0A; RVPS the rest
        assertProblem(api.get(BASE + "/a%00b", ADMIN), 400, "bad-request");
        assertProblem(api.get(BASE + "/a%0Ab", ADMIN), 400, "bad-request");
        assertProblem(api.get(BASE + "/a%01b", ADMIN), 400, "invalid-input");
        assertProblem(api.get(BASE + "/a%09b", ADMIN), 400, "invalid-input");
    }

    // ---- expiry ------------------------------------------------------------------------------------------------

    @Test
    void queriesWhenValueExpiresThenGoneFromGetListAndQueryButDeletable() {
        String shortLived = unique("exp-short");
        String longLived = unique("exp-long");
        Instant now = CLOCK.instant();
        registered(bundleMessage(VENDOR.sign("vendor-a", manifest(now.plusSeconds(60))
                .value(shortLived, now.plus(Duration.ofHours(1)), "s")
                .value(longLived, now.plus(Duration.ofDays(3000)), "l").json())));
        String query = "{\"names\":[\"" + shortLived + "\",\"" + longLived + "\"]}";
        assertThat(json(api.post(BASE + "/query", query, ADMIN))).containsOnlyKeys(shortLived, longLived);

        CLOCK.advance(Duration.ofHours(1).minusSeconds(1));
        assertThat(api.get(path(shortLived), ADMIN).statusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(1));

        assertProblem(api.get(path(shortLived), ADMIN), 404, "reference-value-not-found");
        assertThat(json(api.post(BASE + "/query", query, ADMIN))).isEqualTo(Map.of(longLived, List.of("l")));
        assertThat(json(api.get(BASE + "?namePrefix=exp-", ADMIN)).get("referenceValues")).asString()
                .doesNotContain(shortLived).contains(longLived);
        assertThat(api.delete(path(shortLived), ADMIN).statusCode()).isEqualTo(204);
    }

    @Test
    void registerWhenSampleValidityPassesThenValueExpiresAfterTwelveMonths() {
        String name = unique("sample-exp");
        registered(sampleMessage("{\"" + name + "\":[\"1\"]}"));

        CLOCK.advance(Duration.ofDays(366));

        assertProblem(api.get(path(name), ADMIN), 404, "reference-value-not-found");
        assertThat(json(api.post(BASE + "/query", "{\"names\":[\"" + name + "\"]}", ADMIN))).isEmpty();
    }

    // ---- list --------------------------------------------------------------------------------------------------

    @Test
    void listWhenPagedThenAllMatchingNamesInOrderAndNextNullAtEnd() {
        String prefix = unique("page") + "/";
        List<String> names = List.of(prefix + "a", prefix + "b", prefix + "c", prefix + "d", prefix + "e");
        StringBuilder json = new StringBuilder("{");
        for (int i = names.size() - 1; i >= 0; i--) {
            json.append("\"").append(names.get(i)).append("\":[\"").append(i).append("\"]").append(i > 0 ? "," : "}");
        }
        registered(sampleMessage(json.toString()));
        registered(sampleMessage("{\"" + unique("not-page") + "\":[\"x\"]}"));

        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            String query = "?limit=2&namePrefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8)
                    + (after == null ? "" : "&afterName=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            HttpResponse<String> response = api.get(BASE + query, token("lister", RvpsAuthorities.SEARCH));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            Map<String, Object> page = json(response);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> values = (List<Map<String, Object>>) page.get("referenceValues");
            values.forEach(v -> {
                seen.add((String) v.get("name"));
                assertThat(v).containsKeys("values", "expiration", "provenance");
            });
            assertThat(page).containsKey("next");
            after = (String) page.get("next");
            pages++;
        } while (after != null);

        assertThat(seen).containsExactlyElementsOf(names);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void listWhenLimitOutOfRangeOrNotNumberThen400Problem() {
        assertProblem(api.get(BASE + "?limit=0", ADMIN), 400, "invalid-input");
        assertProblem(api.get(BASE + "?limit=51", ADMIN), 400, "invalid-input");
        assertProblem(api.get(BASE + "?limit=ten", ADMIN), 400, "bad-request");
        assertProblem(api.get(BASE + "?namePrefix=a%00", ADMIN), 400, "invalid-input");
    }

    @Test
    void listWhenNoTokenThen401() {
        assertProblem(api.get(BASE, null), 401, "unauthorized");
    }

    @Test
    void listWhenTokenLacksSearchThen403() {
        assertProblem(api.get(BASE, token("r", RvpsAuthorities.RETRIEVE, RvpsAuthorities.QUERY)), 403, "forbidden");
    }

    // ---- query -------------------------------------------------------------------------------------------------

    @Test
    void queryWhenNamesGivenThenTrusteeShapeWithUnknownNamesLeftOut() {
        String a = unique("qa");
        String b = unique("qb");
        registered(sampleMessage("{\"" + a + "\":[\"v1\",\"v2\"],\"" + b + "\":\"single\"}"));
        String appraiser = token("kbs", RvpsAuthorities.QUERY);

        HttpResponse<String> response = api.post(BASE + "/query",
                "{\"names\":[\"" + a + "\",\"" + unique("unknown") + "\",\"" + b + "\",\"" + a + "\"]}", appraiser);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(Map.of(a, List.of("v1", "v2"), b, List.of("single")));
    }

    @Test
    void queryWhenNoNamesThenEveryUnexpiredValue() {
        String a = unique("qall");
        registered(sampleMessage("{\"" + a + "\":[\"1\"]}"));
        long unexpired = jdbc.sql("SELECT count(*) FROM reference_values WHERE expiration > ?")
                .param(Timestamp.from(CLOCK.instant())).query(Long.class).single();

        for (String body : new String[] {"{}", "{\"names\":[]}", "{\"names\":null}", null}) {
            HttpResponse<String> response = api.post(BASE + "/query", body, ADMIN);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response)).containsKey(a).hasSize((int) unexpired);
        }
    }

    @Test
    void queryWhenBadBodyThen400Problem() {
        assertProblem(api.post(BASE + "/query", "{\"names\":[\"a\"", ADMIN), 400, "malformed-body");
        assertProblem(api.post(BASE + "/query", "{\"names\":\"a\"}", ADMIN), 400, "malformed-body");
        assertProblem(api.post(BASE + "/query", "{\"names\":[\"a\\u0000\"]}", ADMIN), 400, "invalid-input");
        assertProblem(api.post(BASE + "/query", "{\"names\":[null]}", ADMIN), 400, "invalid-input");
    }

    @Test
    void queryWhenNoTokenThen401() {
        assertProblem(api.post(BASE + "/query", "{}", null), 401, "unauthorized");
    }

    @Test
    void queryWhenTokenLacksQueryThen403() {
        assertProblem(api.post(BASE + "/query", "{}", token("r", RvpsAuthorities.RETRIEVE, RvpsAuthorities.SEARCH)),
                403, "forbidden");
    }

    // ---- delete ------------------------------------------------------------------------------------------------

    @Test
    void deleteWhenPresentThen204AndGone() {
        String name = unique("del");
        registered(sampleMessage("{\"" + name + "\":[\"1\"]}"));

        HttpResponse<String> response = api.delete(path(name), token("ops", RvpsAuthorities.DELETE));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertProblem(api.get(path(name), ADMIN), 404, "reference-value-not-found");
        assertProblem(api.delete(path(name), ADMIN), 404, "reference-value-not-found");
    }

    @Test
    void deleteWhenNoTokenThen401() {
        assertProblem(api.delete(path("svn"), null), 401, "unauthorized");
    }

    @Test
    void deleteWhenTokenLacksDeleteThen403AndKept() {
        String name = unique("keep");
        registered(sampleMessage("{\"" + name + "\":[\"1\"]}"));

        assertProblem(api.delete(path(name), token("c", RvpsAuthorities.CREATE, RvpsAuthorities.RETRIEVE)), 403, "forbidden");
        assertThat(api.get(path(name), ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void deleteWhenNameHasControlCharactersThen400Problem() {
        assertProblem(api.delete(BASE + "/a%00b", ADMIN), 400, "bad-request");
        assertProblem(api.delete(BASE + "/a%1Fb", ADMIN), 400, "invalid-input");
    }

    // ---- OpenAPI -----------------------------------------------------------------------------------------------

    @Test
    void openApiWhenServedThenMatchesCommittedSpec() {
        HttpResponse<String> response = api.get("/v3/api-docs.yaml", null);

        assertThat(response.statusCode()).isEqualTo(200);
        OpenApiSpecs.assertMatchesCommitted("rvps", response.body());
    }
}

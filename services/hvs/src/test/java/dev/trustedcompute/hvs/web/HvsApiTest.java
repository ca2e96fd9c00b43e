package dev.trustedcompute.hvs.web;

import dev.trustedcompute.hvs.HvsApplication;
import dev.trustedcompute.hvs.support.HvsApi;
import dev.trustedcompute.hvs.support.HvsTestEnvironment;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroupRepository;
import dev.trustedcompute.hvs.support.TestBeans;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.openapi.OpenApiSpecs;
import dev.trustedcompute.testsupport.swtpm.Swtpm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.trustedcompute.hvs.support.HvsApi.assertProblem;
import static dev.trustedcompute.hvs.support.HvsApi.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HVS's REST API without a TPM: hosts, endorsement CAs, report queries, input checks and authorization on every
 * endpoint. Real PostgreSQL, NATS, HTTP and JWKS.
 */
@SpringBootTest(classes = HvsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestBeans.class)
class HvsApiTest {

    static final HvsTestEnvironment env = new HvsTestEnvironment(HvsApiTest.class);
    static final String ADMIN_RULES = "*:*";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    HvsApi api;
    String admin;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        env.register(r, NatsServerFixture.url());
    }

    @AfterAll
    static void stop() {
        env.aas.close();
    }

    @BeforeEach
    void setUp() {
        api = new HvsApi(port);
        admin = env.aas.token("admin", Permission.of("HVS", ADMIN_RULES));
    }

    private String hostJson(String name, String hostId, String hardwareUuid) {
        return "{\"name\":\"" + name + "\",\"hostId\":\"" + hostId + "\",\"hardwareUuid\":\"" + hardwareUuid + "\"}";
    }

    private Map<String, Object> createHost(String name) {
        return json(api.post("/hvs/v2/hosts", hostJson(name, name, UUID.randomUUID().toString()), admin), 201);
    }

    // ---- hosts ------------------------------------------------------------------------------------------

    @Test
    void createHostWhenValidThenStoredWithDefaultGroupAndUnknownStatus() {
        Map<String, Object> host = createHost("node-create");

        assertThat(host.get("hostId")).isEqualTo("node-create");
        assertThat((List<Object>) host.get("flavorGroupIds")).containsExactly(FlavorGroupRepository.AUTOMATIC_ID.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) host.get("status");
        assertThat(status).containsEntry("connectionState", "UNKNOWN").containsEntry("onboarded", false)
                .containsEntry("trust", "UNKNOWN");
        Map<String, Object> read = json(api.get("/hvs/v2/hosts/" + host.get("id"), admin), 200);
        assertThat(read.get("name")).isEqualTo("node-create");
    }

    @Test
    void createHostWhenNameOrHostIdTakenThen409AndNothingWritten() {
        createHost("node-dup");
        long before = jdbc.sql("SELECT count(*) FROM hosts").query(Long.class).single();

        assertProblem(api.post("/hvs/v2/hosts", hostJson("node-dup", "other-id", UUID.randomUUID().toString()), admin),
                409, "host-exists");
        assertProblem(api.post("/hvs/v2/hosts", hostJson("other-name", "node-dup", UUID.randomUUID().toString()), admin),
                409, "host-exists");
        assertThat(jdbc.sql("SELECT count(*) FROM hosts").query(Long.class).single()).isEqualTo(before);
    }

    static Stream<Arguments> badHosts() {
        String uuid = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("{\"name\":\"\",\"hostId\":\"a\",\"hardwareUuid\":\"" + uuid + "\"}", "invalid-input"),
                Arguments.of("{\"name\":\" x\",\"hostId\":\"a\",\"hardwareUuid\":\"" + uuid + "\"}", "invalid-input"),
                Arguments.of("{\"name\":\"x\\u0000\",\"hostId\":\"a\",\"hardwareUuid\":\"" + uuid + "\"}", "invalid-input"),
                Arguments.of("{\"name\":\"x\",\"hostId\":\"a.b\",\"hardwareUuid\":\"" + uuid + "\"}", "invalid-input"),
                Arguments.of("{\"name\":\"x\",\"hostId\":\">\",\"hardwareUuid\":\"" + uuid + "\"}", "invalid-input"),
                Arguments.of("{\"name\":\"x\",\"hostId\":\"" + "a".repeat(65) + "\",\"hardwareUuid\":\"" + uuid + "\"}", "invalid-input"),
                Arguments.of("{\"name\":\"x\",\"hostId\":\"a\",\"hardwareUuid\":\"not-a-uuid\"}", "invalid-input"),
                Arguments.of("{\"name\":\"x\",\"hostId\":\"a\"}", "invalid-input"),
                Arguments.of("{\"name\":\"x\",\"hostId\":\"a\",\"hardwareUuid\":\"" + uuid + "\",\"flavorGroupIds\":[\""
                        + UUID.randomUUID() + "\"]}", "invalid-input"),
                Arguments.of("{\"name\":\"x\",\"hostId\":\"a\",\"hardwareUuid\":\"" + uuid + "\",\"flavorGroupIds\":[\"zz\"]}",
                        "malformed-body"),
                Arguments.of("{\"name\":\"x\",\"description\":\"" + "d".repeat(1025) + "\",\"hostId\":\"a\",\"hardwareUuid\":\""
                        + uuid + "\"}", "invalid-input"),
                Arguments.of("{not json", "malformed-body"),
                Arguments.of("[]", "malformed-body"));
    }

    @ParameterizedTest
    @MethodSource("badHosts")
    void createHostWhenBadInputThen400ProblemAndNothingWritten(String body, String code) {
        long before = jdbc.sql("SELECT count(*) FROM hosts").query(Long.class).single();

        assertProblem(api.post("/hvs/v2/hosts", body, admin), 400, code);
        assertThat(jdbc.sql("SELECT count(*) FROM hosts").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void searchHostsWhenPagedThenEveryHostOnceInCreationOrder() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add((String) createHost("page-" + i).get("id"));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> page = json(api.get("/hvs/v2/hosts?nameContains=PAGE-&limit=2"
                    + (after == null ? "" : "&afterId=" + after), admin), 200);
            ((List<?>) page.get("hosts")).forEach(h -> seen.add((String) ((Map<?, ?>) h).get("id")));
            after = (String) page.get("nextAfterId");
        } while (after != null);

        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void searchHostsWhenFilteredThenOnlyMatches() {
        Map<String, Object> host = createHost("filter-me");

        assertThat((List<?>) json(api.get("/hvs/v2/hosts?nameEqualTo=filter-me", admin), 200).get("hosts")).hasSize(1);
        assertThat((List<?>) json(api.get("/hvs/v2/hosts?hostId=filter-me", admin), 200).get("hosts")).hasSize(1);
        assertThat((List<?>) json(api.get("/hvs/v2/hosts?hardwareUuid=" + host.get("hardwareUuid"), admin), 200)
                .get("hosts")).hasSize(1);
        assertThat((List<?>) json(api.get("/hvs/v2/hosts?nameEqualTo=filter-me&trusted=true", admin), 200).get("hosts"))
                .isEmpty();
        assertThat((List<?>) json(api.get("/hvs/v2/hosts?nameEqualTo=nobody", admin), 200).get("hosts")).isEmpty();
    }

    @Test
    void searchHostsWhenBadParametersThen400() {
        assertProblem(api.get("/hvs/v2/hosts?limit=0", admin), 400, "invalid-input");
        assertProblem(api.get("/hvs/v2/hosts?limit=1001", admin), 400, "invalid-input");
        assertProblem(api.get("/hvs/v2/hosts?limit=x", admin), 400, "bad-request");
        assertProblem(api.get("/hvs/v2/hosts?afterId=x", admin), 400, "bad-request");
        assertProblem(api.get("/hvs/v2/hosts?hostId=a.b", admin), 400, "invalid-input");
        assertProblem(api.get("/hvs/v2/hosts?hardwareUuid=x", admin), 400, "invalid-input");
        assertProblem(api.get("/hvs/v2/hosts?nameContains=%00", admin), 400, "invalid-input");
    }

    @Test
    void updateHostWhenValidThenNameDescriptionAndGroupsReplaced() {
        Map<String, Object> host = createHost("node-upd");
        String other = (String) json(api.post("/hvs/v2/flavorgroups", "{\"name\":\"other\",\"flavor_match_policy_collection\""
                + ":{\"flavor_match_policies\":[{\"flavor_part\":\"OS\",\"match_policy\":{\"match_type\":\"ANY_OF\","
                + "\"required\":\"REQUIRED\"}}]}}", admin), 201).get("id");

        Map<String, Object> updated = json(api.send("PUT", "/hvs/v2/hosts/" + host.get("id"),
                "{\"name\":\"node-upd-2\",\"description\":\"rack 4\",\"flavorGroupIds\":[\"" + other + "\"]}",
                admin), 200);

        assertThat(updated).containsEntry("name", "node-upd-2").containsEntry("description", "rack 4")
                .containsEntry("hostId", "node-upd");
        assertThat((List<Object>) updated.get("flavorGroupIds")).containsExactly(other);
        assertThat(jdbc.sql("SELECT trigger FROM verification_jobs WHERE host_id = :id").param("id",
                UUID.fromString((String) host.get("id"))).query(String.class).list()).as("re-verified on its new groups")
                .containsExactly("FLAVORS_CHANGED");
        assertProblem(api.send("PUT", "/hvs/v2/hosts/" + host.get("id"), "{\"name\":\"\"}", admin), 400, "invalid-input");
        assertProblem(api.send("PUT", "/hvs/v2/hosts/" + UUID.randomUUID(), "{\"name\":\"n\"}", admin), 404, "host-not-found");
    }

    @Test
    void deleteHostWhenExistsThen204ThenGone() {
        Map<String, Object> host = createHost("node-del");

        assertThat(api.send("DELETE", "/hvs/v2/hosts/" + host.get("id"), null, admin).statusCode()).isEqualTo(204);
        assertProblem(api.get("/hvs/v2/hosts/" + host.get("id"), admin), 404, "host-not-found");
        assertProblem(api.send("DELETE", "/hvs/v2/hosts/" + host.get("id"), null, admin), 404, "host-not-found");
        assertProblem(api.get("/hvs/v2/hosts/not-a-uuid", admin), 400, "bad-request");
    }

    // ---- endorsement CAs -------------------------------------------------------------------------------

    @Test
    void endorsementCaWhenSwtpmLocalCaAddedThenListedReadAndDeleted() throws Exception {
        String pem = Files.readString(Swtpm.localCa().resolve("swtpm-localca-rootca-cert.pem"));
        Map<String, Object> ca = json(api.post("/hvs/v2/endorsement-cas", "{\"certificate\":" + quote(pem)
                + ",\"comment\":\"swtpm\"}", admin), 201);

        assertThat(ca).containsEntry("selfSigned", true).containsEntry("comment", "swtpm");
        assertThat(json(api.get("/hvs/v2/endorsement-cas/" + ca.get("id"), admin), 200).get("sha256"))
                .isEqualTo(ca.get("sha256"));
        assertProblem(api.post("/hvs/v2/endorsement-cas", "{\"certificate\":" + quote(pem) + "}", admin), 409,
                "endorsement-ca-exists");
        assertThat(api.send("DELETE", "/hvs/v2/endorsement-cas/" + ca.get("id"), null, admin).statusCode()).isEqualTo(204);
        assertProblem(api.get("/hvs/v2/endorsement-cas/" + ca.get("id"), admin), 404, "endorsement-ca-not-found");
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE detail->>'id' = :id ORDER BY id").param("id", ca.get("id"))
                .query(String.class).list()).containsExactly("endorsement-ca.added", "endorsement-ca.deleted");
    }

    @Test
    void endorsementCaWhenNotACaOrGarbageThen400() throws Exception {
        String leaf = Files.readString(Swtpm.localCa().resolve("issuercert.pem"));
        // the local CA's intermediate is a CA; a garbage and an empty certificate are not
        assertThat(api.post("/hvs/v2/endorsement-cas", "{\"certificate\":" + quote(leaf) + "}", admin).statusCode())
                .isEqualTo(201);
        assertProblem(api.post("/hvs/v2/endorsement-cas", "{\"certificate\":\"AAAA\"}", admin), 400, "invalid-input");
        assertProblem(api.post("/hvs/v2/endorsement-cas", "{\"certificate\":\"%%%\"}", admin), 400, "invalid-input");
        assertProblem(api.post("/hvs/v2/endorsement-cas", "{}", admin), 400, "invalid-input");
    }

    // ---- onboarding input (the TPM round trip is in OnboardingSwtpmTest) -----------------------------------

    @Test
    void challengeWhenKeysMalformedThen400AndNoHostCreated() {
        long before = jdbc.sql("SELECT count(*) FROM hosts").query(Long.class).single();
        String base = "\"hostId\":\"bad-keys\",\"hostName\":\"bad-keys\",\"hardwareUuid\":\"" + UUID.randomUUID() + "\"";

        assertProblem(api.post("/hvs/v2/onboarding/challenges", "{" + base + ",\"ekPublic\":\"AAEC\",\"akPublic\":\"AAEC\"}",
                admin), 400, "invalid-tpm-key");
        assertProblem(api.post("/hvs/v2/onboarding/challenges", "{" + base + ",\"ekPublic\":\"!!\",\"akPublic\":\"AAEC\"}",
                admin), 400, "invalid-input");
        assertProblem(api.post("/hvs/v2/onboarding/challenges", "{" + base + ",\"akPublic\":\"AAEC\"}", admin), 400,
                "invalid-input");
        assertProblem(api.post("/hvs/v2/onboarding/challenges", "{\"hostId\":\"x y\",\"hostName\":\"n\",\"hardwareUuid\":\""
                + UUID.randomUUID() + "\",\"ekPublic\":\"AAEC\",\"akPublic\":\"AAEC\"}", admin), 400, "invalid-input");
        assertThat(jdbc.sql("SELECT count(*) FROM hosts").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void challengeResponseWhenUnknownOrMalformedThen4xx() {
        assertProblem(api.post("/hvs/v2/onboarding/challenges/" + UUID.randomUUID() + "/response",
                "{\"secret\":\"AAAA\"}", admin), 404, "challenge-not-found");
        assertProblem(api.post("/hvs/v2/onboarding/challenges/" + UUID.randomUUID() + "/response",
                "{\"secret\":\"***\"}", admin), 400, "invalid-input");
        assertProblem(api.post("/hvs/v2/onboarding/challenges/x/response", "{\"secret\":\"AAAA\"}", admin), 400,
                "bad-request");
    }

    // ---- reports ------------------------------------------------------------------------------------------

    @Test
    void reportsWhenNoneThenEmptyPageAnd404s() {
        assertThat((List<?>) json(api.get("/hvs/v2/reports?latestPerHost=true", admin), 200).get("reports")).isEmpty();
        assertProblem(api.get("/hvs/v2/reports/" + UUID.randomUUID(), admin), 404, "report-not-found");
        assertProblem(api.get("/hvs/v2/reports/" + UUID.randomUUID() + "/jwt", admin), 404, "report-not-found");
        assertProblem(api.send("GET", "/hvs/v2/reports/" + UUID.randomUUID() + "/jwt", null, admin,
                "application/jwt"), 404, "report-not-found");
        assertProblem(api.get("/hvs/v2/reports?from=yesterday", admin), 400, "bad-request");
        assertProblem(api.get("/hvs/v2/reports?limit=0", admin), 400, "invalid-input");
        assertProblem(api.get("/hvs/v2/reports?hostId=nobody-here", admin), 404, "host-not-found");
    }

    @Test
    void createReportWhenHostUnknownAmbiguousOrNotOnboardedThen4xx() {
        Map<String, Object> host = createHost("not-onboarded");

        assertProblem(api.post("/hvs/v2/reports", "{}", admin), 400, "invalid-input");
        assertProblem(api.post("/hvs/v2/reports", "{\"hostId\":\"a\",\"hostName\":\"b\"}", admin), 400, "invalid-input");
        assertProblem(api.post("/hvs/v2/reports", "{\"hostUuid\":\"" + UUID.randomUUID() + "\"}", admin), 404,
                "host-not-found");
        assertProblem(api.post("/hvs/v2/reports", "{\"hostName\":\"not-onboarded\"}", admin), 409, "host-not-onboarded");
        assertProblem(api.post("/hvs/v2/reports", "{\"hostUuid\":\"" + host.get("id") + "\"}", admin), 409,
                "host-not-onboarded");
    }

    // ---- authorization ------------------------------------------------------------------------------------

    static Stream<Arguments> endpoints() {
        String id = UUID.randomUUID().toString();
        String host = "{\"name\":\"n\",\"hostId\":\"n\",\"hardwareUuid\":\"" + id + "\"}";
        return Stream.of(
                Arguments.of("POST", "/hvs/v2/hosts", host, "hosts:create"),
                Arguments.of("GET", "/hvs/v2/hosts", null, "hosts:search"),
                Arguments.of("GET", "/hvs/v2/hosts/" + id, null, "hosts:retrieve"),
                Arguments.of("PUT", "/hvs/v2/hosts/" + id, "{\"name\":\"n\"}", "hosts:store"),
                Arguments.of("DELETE", "/hvs/v2/hosts/" + id, null, "hosts:delete"),
                Arguments.of("POST", "/hvs/v2/onboarding/challenges", "{}", "hosts:onboard"),
                Arguments.of("POST", "/hvs/v2/onboarding/challenges/" + id + "/response", "{\"secret\":\"AA==\"}", "hosts:onboard"),
                Arguments.of("DELETE", "/hvs/v2/hosts/" + id + "/ak-pin", null, "hosts:release_pin"),
                Arguments.of("POST", "/hvs/v2/endorsement-cas", "{}", "tpm_endorsements:create"),
                Arguments.of("GET", "/hvs/v2/endorsement-cas", null, "tpm_endorsements:search"),
                Arguments.of("GET", "/hvs/v2/endorsement-cas/" + id, null, "tpm_endorsements:retrieve"),
                Arguments.of("DELETE", "/hvs/v2/endorsement-cas/" + id, null, "tpm_endorsements:delete"),
                Arguments.of("POST", "/hvs/v2/reports", "{}", "reports:create"),
                Arguments.of("GET", "/hvs/v2/reports", null, "reports:search"),
                Arguments.of("GET", "/hvs/v2/reports/" + id, null, "reports:retrieve"),
                Arguments.of("GET", "/hvs/v2/reports/" + id + "/jwt", null, "reports:retrieve"));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void endpointWhenNoTokenThen401(String method, String path, String body, String permission) {
        assertProblem(api.send(method, path, body, null), 401, "unauthorized");
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void endpointWhenTokenLacksPermissionThen403(String method, String path, String body, String permission) {
        // every permission of the table but this endpoint's own
        Permission[] others = endpoints().map(a -> (String) a.get()[3]).filter(p -> !p.equals(permission)).distinct()
                .map(p -> Permission.of("HVS", p)).toArray(Permission[]::new);
        String token = env.aas.token("limited", others);

        assertProblem(api.send(method, path, body, token), 403, "forbidden");
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void endpointWhenTokenHasPermissionThenNeither401Nor403(String method, String path, String body, String permission) {
        String token = env.aas.token("exact", Permission.of("HVS", permission));

        assertThat(api.send(method, path, body, token).statusCode()).isNotIn(401, 403);
    }

    // ---- OpenAPI -----------------------------------------------------------------------------------------

    @Test
    void openApiWhenServedThenMatchesCommittedSpec() {
        HttpResponse<String> response = api.get("/v3/api-docs.yaml", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("/hvs/v2/hosts", "/hvs/v2/onboarding/challenges", "/hvs/v2/reports/{id}/jwt");
        OpenApiSpecs.assertMatchesCommitted("hvs", response.body());
    }

    @Test
    void healthWhenNoTokenThenUp() {
        HttpResponse<String> health = api.get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }
}

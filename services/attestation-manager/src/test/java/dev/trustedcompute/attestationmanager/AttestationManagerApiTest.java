package dev.trustedcompute.attestationmanager;

import dev.trustedcompute.agentprotocol.PolicyUpdate;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.openapi.OpenApiSpecs;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The manager's HTTP API end to end: real PostgreSQL, real NATS (policy updates), AAS tokens from the JWKS
 * stand-in, and a local HTTP server standing in for HVS ({@link HvsStub}).
 */
@SpringBootTest(classes = AttestationManagerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AttestationManagerApiTest {
    static final ManagerTestSetup setup = new ManagerTestSetup(AttestationManagerApiTest.class);
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();
    static final Map<String, Integer> policyUpdates = new ConcurrentHashMap<>();
    static Connection agents;
    static ReportStream reports;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Map<String, Object> properties = setup.properties();
        properties.put("tc.am.poll-duration", "60");
        ManagerTestSetup.register(registry, properties);
    }

    @BeforeAll
    static void natsSide() throws Exception {
        reports = new ReportStream(setup.natsUrl, setup.subjects, setup.stream);
        agents = Nats.connect(setup.natsUrl);
        Dispatcher dispatcher = agents.createDispatcher(message -> {
            try {
                policyUpdates.put(setup.subjects.hostIdOf(message.getSubject()).value(),
                        ProtocolJson.decode(message.getData(), PolicyUpdate.class).pollDurationMinutes());
            } catch (Exception e) {
                policyUpdates.put("undecodable:" + message.getSubject(), -1);
            }
        });
        dispatcher.subscribe(setup.subjects.prefix() + "trust-agent.*.policy-update");
        agents.flush(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() throws Exception {
        agents.close();
        reports.close();
        setup.close();
    }

    @BeforeEach
    void hvsUp() {
        setup.hvs.hvsAnswers(201);
    }

    // ---- authentication and authorization on every endpoint -------------------------------------------

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("GET", "/am/v1/nodes", null, "nodes:search"),
                Arguments.of("GET", "/am/v1/nodes/edge-x", null, "nodes:retrieve"),
                Arguments.of("GET", "/am/v1/nodes/edge-x/history", null, "node_history:search"),
                Arguments.of("POST", "/am/v1/nodes/edge-x/onboard", "{}", "nodes:onboard"),
                Arguments.of("POST", "/am/v1/nodes/edge-x/attest", null, "nodes:attest"),
                Arguments.of("GET", "/am/v1/policy", null, "policy:retrieve"),
                Arguments.of("PUT", "/am/v1/policy", "{\"pollDurationMinutes\":5}", "policy:store"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void endpointWhenNoTokenThen401(String method, String path, String body, String permission) throws Exception {
        assertProblem(send(method, path, body, null), 401, "unauthorized");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void endpointWhenTokenLacksItsPermissionThen403AndNothingHappens(String method, String path, String body, String permission)
            throws Exception {
        int hvsCalls = setup.hvs.requests("/hvs/v2/flavors").size() + setup.hvs.requests("/hvs/v2/reports").size();
        String others = setup.aas.token("operator", endpoints().map(a -> (String) a.get()[3]).filter(p -> !p.equals(permission))
                .map(p -> Permission.of("AM", p)).toArray(Permission[]::new));
        assertProblem(send(method, path, body, others), 403, "forbidden");
        String wrongService = setup.aas.token("operator", Permission.of("HVS", permission));
        assertProblem(send(method, path, body, wrongService), 403, "forbidden");
        assertThat(setup.hvs.requests("/hvs/v2/flavors").size() + setup.hvs.requests("/hvs/v2/reports").size()).isEqualTo(hvsCalls);
        assertThat(jdbc.sql("select count(*) from poll_policy where minutes = 5").query(Long.class).single()).isZero();
    }

    @Test
    void endpointWhenExpiredOrForeignTokenThen401() throws Exception {
        String expired = setup.aas.builder("admin").permissions(Permission.of("AM", "nodes:search")).expired().sign();
        assertProblem(send("GET", "/am/v1/nodes", null, expired), 401, "unauthorized");
        String foreign = setup.aas.builder("admin").permissions(Permission.of("AM", "nodes:search")).signedByForeignKey().sign();
        assertProblem(send("GET", "/am/v1/nodes", null, foreign), 401, "unauthorized");
    }

    @Test
    void endpointWhenAdministratorWildcardThenAllowed() throws Exception {
        String admin = setup.aas.token("admin", Permission.of("*", "*:*:*"));
        assertThat(send("GET", "/am/v1/policy", null, admin).statusCode()).isEqualTo(200);
    }

    // ---- onboarding ------------------------------------------------------------------------------------

    @Test
    void onboardWhenNewNodeThenHvsCreatesFlavorsNodePendingPolicyPushedAndAttestationRequested() throws Exception {
        setup.hvs.clear();
        HttpResponse<String> response = send("POST", "/am/v1/nodes/onb-1/onboard",
                "{\"kubernetesNode\":\"worker-7\",\"partialFlavorTypes\":[\"PLATFORM\",\"OS\",\"HOST_UNIQUE\"]}", token("nodes:onboard"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("attestationRequested").asBoolean()).isTrue();
        assertThat(body.get("node").get("status").asString()).isEqualTo("PENDING");
        assertThat(body.get("node").get("reason").asString()).isEqualTo("awaiting-report");
        assertThat(body.get("node").get("kubernetesNode").asString()).isEqualTo("worker-7");
        assertThat(body.get("node").get("onboardedAt").isNull()).isFalse();

        JsonNode flavors = json.readTree(setup.hvs.requests("/hvs/v2/flavors").getFirst().body());
        assertThat(flavors.get("host_id").asString()).isEqualTo(HvsStub.hvsHostUuid("onb-1"));
        assertThat(flavors.get("partial_flavor_types").toString()).isEqualTo("[\"PLATFORM\",\"OS\",\"HOST_UNIQUE\"]");
        assertThat(flavors.get("flavorgroup_names").toString()).isEqualTo("[\"automatic\"]");
        assertThat(setup.hvs.requests("/hvs/v2/reports")).extracting(HvsStub.Request::body).containsExactly("{\"hostId\":\"onb-1\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> policyUpdates.get("onb-1") != null);
        assertThat(policyUpdates.get("onb-1")).isEqualTo(currentPollDuration());

        JsonNode history = json.readTree(send("GET", "/am/v1/nodes/onb-1/history", null, token("node_history:search")).body());
        assertThat(history.get(0).get("event").asString()).isEqualTo("ONBOARDED");
        assertThat(history.get(0).get("actor").asString()).isEqualTo("operator");
    }

    @Test
    void onboardWhenAlreadyOnboardedThen409UnlessRebaseline() throws Exception {
        assertThat(send("POST", "/am/v1/nodes/onb-2/onboard", null, token("nodes:onboard")).statusCode()).isEqualTo(200);
        setup.hvs.clear();
        assertProblem(send("POST", "/am/v1/nodes/onb-2/onboard", "{}", token("nodes:onboard")), 409, "already-onboarded");
        assertThat(setup.hvs.requests("/hvs/v2/flavors")).isEmpty();
        HttpResponse<String> rebaseline = send("POST", "/am/v1/nodes/onb-2/onboard", "{\"rebaseline\":true}", token("nodes:onboard"));
        assertThat(rebaseline.statusCode()).as(rebaseline.body()).isEqualTo(200);
        assertThat(setup.hvs.requests("/hvs/v2/flavors")).hasSize(1);
        assertThat(jdbc.sql("select count(*) from node_history where host_id = 'onb-2' and event = 'ONBOARDED'")
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void onboardWhenFlavorCollectionSuppliedThenImportedNotTakenFromEvidence() throws Exception {
        setup.hvs.clear();
        HttpResponse<String> response = send("POST", "/am/v1/nodes/onb-3/onboard",
                "{\"flavorCollection\":{\"flavors\":[{\"flavor\":{\"meta\":{\"id\":\"f-9\"}}}]},\"flavorGroups\":[\"edge\"]}",
                token("nodes:onboard"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode flavors = json.readTree(setup.hvs.requests("/hvs/v2/flavors").getFirst().body());
        assertThat(flavors.has("host_id")).isFalse();
        assertThat(flavors.get("flavor_collection").get("flavors").get(0).get("flavor").get("meta").get("id").asString()).isEqualTo("f-9");
    }

    @Test
    void onboardWhenHvsFailsOrDoesNotKnowTheHostThen502AndNoNodeRecorded() throws Exception {
        setup.hvs.hvsAnswers(503);
        assertProblem(send("POST", "/am/v1/nodes/onb-down/onboard", "{}", token("nodes:onboard")), 502, "hvs-failed");
        assertThat(jdbc.sql("select count(*) from node where host_id = 'onb-down'").query(Long.class).single()).isZero();
        setup.hvs.hvsAnswers(201);
        String unknown = HvsStub.UNREGISTERED + "9";
        assertProblem(send("POST", "/am/v1/nodes/" + unknown + "/onboard", "{}", token("nodes:onboard")), 502, "hvs-failed");
        assertThat(jdbc.sql("select count(*) from node where host_id = :h").param("h", unknown).query(Long.class).single()).isZero();
    }

    static Stream<Arguments> badOnboardings() {
        return Stream.of(
                Arguments.of("bad.host", "{}", 400, "invalid-host-id"),
                Arguments.of("-starts-with-dash", "{}", 400, "invalid-host-id"),
                Arguments.of("onb-bad", "{\"kubernetesNode\":\"Not_A_Node\"}", 400, "invalid-parameter"),
                Arguments.of("onb-bad", "{\"partialFlavorTypes\":[\"BIOS\"]}", 400, "invalid-parameter"),
                Arguments.of("onb-bad", "{\"partialFlavorTypes\":[\"IMA\"]}", 400, "invalid-parameter"),
                Arguments.of("onb-bad", "{\"partialFlavorTypes\":[\"OS\",\"OS\"]}", 400, "invalid-parameter"),
                Arguments.of("onb-bad", "{\"partialFlavorTypes\":[]}", 400, "invalid-parameter"),
                Arguments.of("onb-bad", "{\"flavorGroups\":[]}", 400, "invalid-parameter"),
                Arguments.of("onb-bad", "{\"flavorGroups\":[\"a b\"]}", 400, "invalid-parameter"),
                Arguments.of("onb-bad", "{\"flavorCollection\":{}}", 400, "invalid-parameter"),
                Arguments.of("onb-bad", "{\"rebaseline\":\"maybe\"}", 400, "malformed-body"),
                Arguments.of("onb-bad", "{not json", 400, "malformed-body"));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @MethodSource("badOnboardings")
    void onboardWhenBadInputThen400AndNothingWrittenOrCalled(String host, String body, int status, String code) throws Exception {
        setup.hvs.clear();
        assertProblem(send("POST", "/am/v1/nodes/" + host + "/onboard", body, token("nodes:onboard")), status, code);
        assertThat(setup.hvs.requests("/hvs/v2/flavors")).isEmpty();
        assertThat(jdbc.sql("select count(*) from node where host_id = :h").param("h", host).query(Long.class).single()).isZero();
    }

    // ---- re-attest, nodes, history ---------------------------------------------------------------------

    @Test
    void attestWhenKnownNodeThen202AndHvsAskedAndWhenUnknownThen404() throws Exception {
        send("POST", "/am/v1/nodes/att-1/onboard", null, token("nodes:onboard"));
        setup.hvs.clear();
        HttpResponse<String> accepted = send("POST", "/am/v1/nodes/att-1/attest", null, token("nodes:attest"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(setup.hvs.requests("/hvs/v2/reports")).extracting(HvsStub.Request::body).containsExactly("{\"hostId\":\"att-1\"}");
        assertProblem(send("POST", "/am/v1/nodes/nobody/attest", null, token("nodes:attest")), 404, "unknown-node");
        assertProblem(send("POST", "/am/v1/nodes/bad.id/attest", null, token("nodes:attest")), 400, "invalid-host-id");
        setup.hvs.hvsAnswers(500);
        assertProblem(send("POST", "/am/v1/nodes/att-1/attest", null, token("nodes:attest")), 502, "hvs-failed");
    }

    @Test
    void nodesWhenReportDecidedThenListedWithStatusReasonAndFaults() throws Exception {
        reports.publish(TestReports.report(setup.pki, "lst-1").untrusted().sign());
        reports.publish(TestReports.report(setup.pki, "lst-2").sign());
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql("select count(*) from node where host_id like 'lst-%' and status <> 'PENDING'")
                .query(Long.class).single() == 2);

        JsonNode failed = json.readTree(send("GET", "/am/v1/nodes/lst-1", null, token("nodes:retrieve")).body());
        assertThat(failed.get("status").asString()).isEqualTo("ATTESTATION_FAILED");
        assertThat(failed.get("reason").asString()).isEqualTo("untrusted");
        assertThat(failed.get("cordoned").asBoolean()).isTrue();
        assertThat(failed.get("faults").get(0).get("rule").asString()).isEqualTo("PcrMatchesConstant");
        assertThat(failed.get("hostName").asString()).isEqualTo("lst-1.lab");

        JsonNode verified = json.readTree(send("GET", "/am/v1/nodes?status=VERIFIED", null, token("nodes:search")).body());
        assertThat(verified.get("nodes").valueStream().map(n -> n.get("hostId").asString()).toList()).contains("lst-2").doesNotContain("lst-1");
        JsonNode page = json.readTree(send("GET", "/am/v1/nodes?limit=1&after=lst-1", null, token("nodes:search")).body());
        assertThat(page.get("nodes").get(0).get("hostId").asString()).isEqualTo("lst-2");
        assertThat(page.get("next").asString()).isEqualTo("lst-2");

        JsonNode history = json.readTree(send("GET", "/am/v1/nodes/lst-1/history", null, token("node_history:search")).body());
        assertThat(history.get(0).get("event").asString()).isEqualTo("REPORT");
        assertThat(history.get(0).get("status").asString()).isEqualTo("ATTESTATION_FAILED");
        assertThat(history.get(0).get("actor").asString()).isEqualTo("CN=HVS Report Signing");
    }

    @Test
    void nodesWhenBadParametersThen400AndUnknownNodeThen404() throws Exception {
        assertProblem(send("GET", "/am/v1/nodes?status=GREEN", null, token("nodes:search")), 400, "invalid-parameter");
        assertProblem(send("GET", "/am/v1/nodes?limit=0", null, token("nodes:search")), 400, "invalid-parameter");
        assertProblem(send("GET", "/am/v1/nodes?limit=abc", null, token("nodes:search")), 400, "bad-request");
        assertProblem(send("GET", "/am/v1/nodes/nobody", null, token("nodes:retrieve")), 404, "unknown-node");
        assertProblem(send("GET", "/am/v1/nodes/a%20b", null, token("nodes:retrieve")), 400, "invalid-host-id");
        assertProblem(send("GET", "/am/v1/nodes/nobody/history", null, token("node_history:search")), 404, "unknown-node");
        assertProblem(send("GET", "/am/v1/nodes/nobody/history?limit=5000", null, token("node_history:search")), 400, "invalid-parameter");
    }

    // ---- policy ----------------------------------------------------------------------------------------

    @Test
    void policyWhenChangedThenEveryKnownAgentGetsItOnItsSubject() throws Exception {
        send("POST", "/am/v1/nodes/pol-1/onboard", null, token("nodes:onboard"));
        send("POST", "/am/v1/nodes/pol-2/onboard", null, token("nodes:onboard"));
        int next = currentPollDuration() == 17 ? 18 : 17;
        HttpResponse<String> response = send("PUT", "/am/v1/policy", "{\"pollDurationMinutes\":" + next + "}", token("policy:store"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("updatedBy").asString()).isEqualTo("operator");
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(next).equals(policyUpdates.get("pol-1"))
                && Integer.valueOf(next).equals(policyUpdates.get("pol-2")));
        assertThat(currentPollDuration()).isEqualTo(next);
    }

    @Test
    void policyWhenOutOfRangeMissingOrMalformedThen400AndUnchanged() throws Exception {
        int before = currentPollDuration();
        assertProblem(send("PUT", "/am/v1/policy", "{\"pollDurationMinutes\":0}", token("policy:store")), 400, "invalid-poll-duration");
        assertProblem(send("PUT", "/am/v1/policy", "{\"pollDurationMinutes\":10081}", token("policy:store")), 400, "invalid-poll-duration");
        assertProblem(send("PUT", "/am/v1/policy", "{}", token("policy:store")), 400, "invalid-poll-duration");
        assertProblem(send("PUT", "/am/v1/policy", "{\"pollDurationMinutes\":\"soon\"}", token("policy:store")), 400, "malformed-body");
        assertProblem(send("PUT", "/am/v1/policy", "", token("policy:store")), 400, "malformed-body");
        assertThat(currentPollDuration()).isEqualTo(before);
    }

    // ---- metrics, OpenAPI ------------------------------------------------------------------------------

    @Test
    void prometheusWhenScrapedThenNodeStatusBacklogAndLatencyMetrics() throws Exception {
        reports.publish(TestReports.report(setup.pki, "met-1").sign());
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql("select count(*) from decided_report where host_id = 'met-1'")
                .query(Long.class).single() == 1);
        HttpResponse<String> metrics = send("GET", "/actuator/prometheus", null, null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("am_nodes{status=\"VERIFIED\"}").contains("am_nodes{status=\"ATTESTATION_FAILED\"}")
                .contains("am_outbox_backlog{channel=\"KUBERNETES\"}").contains("am_decision_latency_seconds_count")
                .contains("am_reports_total{outcome=\"applied\"}");
    }

    @Test
    void openApiWhenServedThenMatchesCommittedSpec() throws Exception {
        // localhost, as the committed spec's server URL (OpenApiSpecs drops the random port)
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs.yaml"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        OpenApiSpecs.assertMatchesCommitted("attestation-manager", response.body());
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private int currentPollDuration() throws Exception {
        return json.readTree(send("GET", "/am/v1/policy", null, token("policy:retrieve")).body()).get("pollDurationMinutes").asInt();
    }

    private static String token(String rule) {
        return setup.aas.token("operator", Permission.of("AM", rule));
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://trustedcompute.dev/problems/" + code + "\"")
                .doesNotContain("Exception").doesNotContain("at dev.");
    }

}

package dev.trustedcompute.kbs.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trustedcompute.kbs.ear.EarStatus;
import dev.trustedcompute.testsupport.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OPA backend against a contract stub of OPA's REST API (no OPA binary can be installed on these machines):
 * {@code PUT /v1/policies/{id}} (text/plain Rego; 400 when it does not compile) and {@code POST /v1/data/{path}}
 * ({@code {"input":...}} to {@code {"result":...}}, no {@code result} when undefined). The stub records what KBS
 * sends and answers with scripted results; it does not evaluate Rego, so these tests pin the wire contract and the
 * Trustee context the shim supplies, not Rego semantics.
 */
class OpaPolicyEngineTest {

    private HttpServer opa;
    private final Map<String, String> uploaded = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> queries = new CopyOnWriteArrayList<>();
    private volatile String queryAnswer = "{\"result\":{}}";
    private volatile int uploadStatus = 200;
    private OpaPolicyEngine engine;

    @BeforeEach
    void start() throws IOException {
        opa = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        opa.createContext("/v1/policies/", exchange -> {
            assertThat(exchange.getRequestMethod()).isEqualTo("PUT");
            assertThat(exchange.getRequestHeaders().getFirst("Content-Type")).isEqualTo("text/plain");
            String id = exchange.getRequestURI().getPath().substring("/v1/policies/".length());
            uploaded.put(id, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, uploadStatus, uploadStatus == 200 ? "{}"
                    : "{\"code\":\"invalid_parameter\",\"message\":\"error(s) occurred while compiling module(s)\"}");
        });
        opa.createContext("/v1/data/", exchange -> {
            assertThat(exchange.getRequestMethod()).isEqualTo("POST");
            try {
                Map<String, Object> body = JSONObjectUtils.parse(new String(exchange.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8));
                body.put("_path", exchange.getRequestURI().getPath());
                queries.add(body);
            } catch (java.text.ParseException e) {
                throw new IOException(e);
            }
            respond(exchange, 200, queryAnswer);
        });
        opa.start();
        engine = new OpaPolicyEngine(URI.create("http://127.0.0.1:" + opa.getAddress().getPort()), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        opa.stop(0);
    }

    @Test
    void installWhenTrusteeResourcePolicyThenRenamedPackageAndShimUploaded() {
        Policy policy = PolicyInputs.builtIn(PolicyKind.RESOURCE, "rego");

        engine.install(policy);

        assertThat(uploaded).containsOnlyKeys("kbs/resource/resource_policy", "kbs/shim/resource/resource_policy");
        assertThat(uploaded.get("kbs/resource/resource_policy"))
                .contains("package kbs.resource.resource_policy").doesNotContain("package policy")
                .contains("data.plugin == \"resource\"");
        assertThat(uploaded.get("kbs/shim/resource/resource_policy"))
                .startsWith("package kbs.shim.resource.resource_policy\n")
                .contains("allow := data.kbs.resource.resource_policy.allow with input as input.claims")
                .contains("with data.plugin as input.data.plugin")
                .contains("with data[\"resource-path\"] as input.data[\"resource-path\"]");
    }

    @Test
    void allowsWhenOpaSaysTrueThenAllowedWithClaimsAndRequestAsInput() {
        Policy policy = PolicyInputs.builtIn(PolicyKind.RESOURCE, "rego");
        queryAnswer = "{\"result\":{\"allow\":true}}";

        boolean allowed = engine.allows(policy, PolicyInputs.earClaims("affirming", Map.of()), PolicyInputs.resourceData());

        assertThat(allowed).isTrue();
        Map<String, Object> query = queries.getFirst();
        assertThat(query.get("_path")).isEqualTo("/v1/data/kbs/shim/resource/resource_policy");
        @SuppressWarnings("unchecked")
        Map<String, Object> input = (Map<String, Object>) query.get("input");
        assertThat(input).containsOnlyKeys("claims", "data");
        assertThat(input.get("data").toString()).contains("resource-path").contains("plugin=resource");
    }

    @Test
    void allowsWhenResultUndefinedOrFalseThenDenied() {
        Policy policy = PolicyInputs.builtIn(PolicyKind.RESOURCE, "rego");
        queryAnswer = "{}";
        assertThat(engine.allows(policy, Map.of(), PolicyInputs.resourceData())).isFalse();
        queryAnswer = "{\"result\":{\"allow\":false}}";
        assertThat(engine.allows(policy, Map.of(), PolicyInputs.resourceData())).isFalse();
        queryAnswer = "{\"result\":{\"allow\":\"yes\"}}";
        assertThat(engine.allows(policy, Map.of(), PolicyInputs.resourceData())).isFalse();
    }

    @Test
    void appraiseWhenTrustClaimsReturnedThenVectorWithEvidenceAndReferenceValuesAsInput() {
        Policy policy = PolicyInputs.builtIn(PolicyKind.ATTESTATION, "rego");
        queryAnswer = "{\"result\":{\"trust_claims\":{\"executables\":3,\"hardware\":2,\"configuration\":0}}}";

        var vector = engine.appraise(policy, PolicyInputs.tpmEvidence(PolicyInputs.PCR11, PolicyInputs.AK),
                Map.of("tpm_pcr11", List.of(PolicyInputs.PCR11)));

        assertThat(vector.status()).isEqualTo(EarStatus.AFFIRMING);
        @SuppressWarnings("unchecked")
        Map<String, Object> input = (Map<String, Object>) queries.getFirst().get("input");
        assertThat(input).containsOnlyKeys("evidence", "reference_values");
        assertThat(queries.getFirst().get("_path")).isEqualTo("/v1/data/kbs/shim/attestation/default_cpu");
    }

    @Test
    void appraiseWhenTrustClaimsMissingOrNotIntegersThenInvalid() {
        Policy policy = PolicyInputs.builtIn(PolicyKind.ATTESTATION, "rego");
        queryAnswer = "{\"result\":{}}";
        assertThatThrownBy(() -> engine.appraise(policy, Map.of(), Map.of())).isInstanceOf(InvalidPolicyException.class);
        queryAnswer = "{\"result\":{\"trust_claims\":{\"hardware\":2.5}}}";
        assertThatThrownBy(() -> engine.appraise(policy, Map.of(), Map.of())).isInstanceOf(InvalidPolicyException.class);
    }

    @Test
    void installWhenOpaRefusesToCompileThenInvalidPolicy() {
        uploadStatus = 400;

        assertThatThrownBy(() -> engine.install(new Policy(PolicyKind.RESOURCE, "p", "package policy\nallow if {")))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("does not compile");
    }

    @Test
    void installWhenNoPackageThenInvalidWithoutCallingOpa() {
        assertThatThrownBy(() -> engine.install(new Policy(PolicyKind.RESOURCE, "p", "allow := true")))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("package");
        assertThat(uploaded).isEmpty();
    }

    @Test
    void allowsWhenOpaUnreachableThenEngineException() {
        OpaPolicyEngine nowhere = new OpaPolicyEngine(URI.create("http://127.0.0.1:" + Ports.freePort()),
                Duration.ofSeconds(1));

        assertThatThrownBy(() -> nowhere.allows(PolicyInputs.builtIn(PolicyKind.RESOURCE, "rego"), Map.of(), Map.of()))
                .isInstanceOf(PolicyEngineException.class);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

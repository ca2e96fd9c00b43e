package dev.trustedcompute.servicekit;

import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tc.web.max-body-size=2KB")
class ServiceKitTest {

    static final TestTokenIssuer issuer = TestTokenIssuer.start();
    static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        registry.add("tc.security.jwks-uri", issuer::jwksUri);
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void requestWhenNoTokenThen401Problem() throws Exception {
        HttpResponse<String> response = send(get("/items/" + java.util.UUID.randomUUID()).build());
        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void requestWhenTokenExpiredThen401InvalidToken() throws Exception {
        String token = issuer.builder("alice").permissions(Permission.of("SAMPLE", "items:retrieve:*")).expired().sign();
        HttpResponse<String> response = send(get("/whoami").header("Authorization", "Bearer " + token).build());
        assertProblem(response, 401, "unauthorized");
        assertThat(response.body()).contains("invalid");
    }

    @Test
    void requestWhenTokenSignedByForeignKeyThen401() throws Exception {
        String token = issuer.builder("mallory").permissions(Permission.of("SAMPLE", "items:create:*")).signedByForeignKey().sign();
        assertProblem(send(get("/whoami").header("Authorization", "Bearer " + token).build()), 401, "unauthorized");
    }

    @Test
    void requestWhenTokenIsGarbageThen401() throws Exception {
        assertProblem(send(get("/whoami").header("Authorization", "Bearer not.a.jwt").build()), 401, "unauthorized");
    }

    @Test
    void requestWhenPermissionMissingThen403Problem() throws Exception {
        String token = issuer.token("bob", Permission.of("SAMPLE", "items:retrieve:*"));
        HttpResponse<String> response = send(post("/items", "{\"name\":\"a\",\"count\":1}", token));
        assertProblem(response, 403, "forbidden");
    }

    @Test
    void requestWhenPermissionPresentThen200() throws Exception {
        String token = issuer.token("carol", Permission.of("SAMPLE", "items:create:CN=host1"));
        HttpResponse<String> response = send(post("/items", "{\"name\":\"a\",\"count\":1}", token));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"name\":\"a\"");
        HttpResponse<String> who = send(get("/whoami").header("Authorization", "Bearer " + token).build());
        assertThat(who.body()).isEqualTo("[\"CN=host1\"]");
    }

    @Test
    void requestWhenWildcardAdministratorRuleThenCatalogueGranted() throws Exception {
        String token = issuer.token("admin", Permission.of("*", "*:*:*"));
        assertThat(send(post("/items", "{\"name\":\"a\",\"count\":1}", token)).statusCode()).isEqualTo(200);
    }

    @Test
    void postWhenJsonMalformedThen400SayingWhere() throws Exception {
        String token = issuer.token("carol", Permission.of("SAMPLE", "items:create:*"));
        HttpResponse<String> response = send(post("/items", "{\"name\":\"a\",\"count\":", token));
        assertProblem(response, 400, "malformed-body");
        assertThat(response.body()).contains("malformed JSON").doesNotContain("tools.jackson").doesNotContain("dev.trustedcompute");
    }

    @Test
    void postWhenWrongTypeThen400NamingField() throws Exception {
        String token = issuer.token("carol", Permission.of("SAMPLE", "items:create:*"));
        HttpResponse<String> response = send(post("/items", "{\"name\":\"a\",\"count\":\"many\"}", token));
        assertProblem(response, 400, "malformed-body");
        assertThat(response.body()).contains("count");
    }

    @Test
    void postWhenInvalidThen400ListingViolations() throws Exception {
        String token = issuer.token("carol", Permission.of("SAMPLE", "items:create:*"));
        HttpResponse<String> response = send(post("/items", "{\"name\":\"\",\"count\":-1}", token));
        assertProblem(response, 400, "validation-failed");
        assertThat(response.body()).contains("count:").contains("name:");
    }

    @Test
    void postWhenBodyTooLargeThen413() throws Exception {
        String token = issuer.token("carol", Permission.of("SAMPLE", "items:create:*"));
        String big = "{\"name\":\"" + "x".repeat(5000) + "\",\"count\":1}";
        assertProblem(send(post("/items", big, token)), 413, "payload-too-large");
    }

    @Test
    void postWhenChunkedBodyTooLargeThen413() throws Exception {
        String token = issuer.token("carol", Permission.of("SAMPLE", "items:create:*"));
        byte[] big = ("{\"name\":\"" + "x".repeat(5000) + "\",\"count\":1}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(uri("/items"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        assertProblem(send(request), 413, "payload-too-large");
    }

    @Test
    void getWhenPathVariableMalformedThen400() throws Exception {
        String token = issuer.token("carol", Permission.of("SAMPLE", "items:retrieve:*"));
        HttpResponse<String> response = send(get("/items/not-a-uuid").header("Authorization", "Bearer " + token).build());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void getWhenServiceThrowsNotFoundThen404WithDetail() throws Exception {
        String token = issuer.token("carol", Permission.of("SAMPLE", "items:retrieve:*"));
        HttpResponse<String> response = send(get("/items/" + new java.util.UUID(0, 1)).header("Authorization", "Bearer " + token).build());
        assertProblem(response, 404, "not-found");
        assertThat(response.body()).contains("no item 00000000-0000-0000-0000-000000000001");
    }

    @Test
    void getWhenUnexpectedExceptionThen500WithoutInternals() throws Exception {
        String token = issuer.token("carol", Permission.of("SAMPLE", "items:retrieve:*"));
        HttpResponse<String> response = send(get("/boom").header("Authorization", "Bearer " + token).build());
        assertProblem(response, 500, "internal");
        assertThat(response.body()).doesNotContain("deadbeef").doesNotContain("IllegalStateException").doesNotContain("at dev.");
    }

    @Test
    void getWhenUnknownPathThen404Problem() throws Exception {
        String token = issuer.token("carol", Permission.of("SAMPLE", "items:retrieve:*"));
        assertProblem(send(get("/nothing-here").header("Authorization", "Bearer " + token).build()), 404, "not-found");
    }

    @Test
    void publicEndpointsWhenNoTokenThenServed() throws Exception {
        assertThat(send(get("/actuator/health").build()).statusCode()).isEqualTo(200);
        HttpResponse<String> docs = send(get("/v3/api-docs").build());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("\"openapi\":\"3.1").contains("bearerAuth");
        assertThat(send(get("/swagger-ui/index.html").build()).statusCode()).isEqualTo(200);
        assertThat(send(get("/actuator/prometheus").build()).statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusWhenRequestsServedThenHttpMetricsButNoPerFilterSecurityObservations() throws Exception {
        send(get("/whoami").build());
        String metrics = send(get("/actuator/prometheus").build()).body();

        assertThat(metrics).contains("http_server_requests_seconds_count");
        // Spring Security's observation of each filter of each request (a tenth of KBS's CPU under load) is off
        assertThat(metrics).doesNotContain("spring_security_filterchains");
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpRequest post(String path, String json, String token) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    @Test
    void requestWhenPathHoldsNulThenTomcatAnswersProblemNotHtml() throws Exception {
        String token = issuer.builder("alice").permissions(Permission.of("SAMPLE", "items:retrieve:*")).sign();
        HttpResponse<String> response = send(get("/items/a%00b").header("Authorization", "Bearer " + token).build());
        assertProblem(response, 400, "bad-request");
        assertThat(response.body()).doesNotContain("<html").doesNotContain("Tomcat");
    }

    @Test
    void requestWhenFirewallRejectsEncodedNewlineThenProblem() throws Exception {
        HttpResponse<String> response = send(get("/items/a%0Ab").build());
        assertProblem(response, 400, "bad-request");
        assertThat(response.body()).contains("%0A");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://trustedcompute.dev/problems/" + code + "\"")
                .doesNotContain("trace");
    }
}

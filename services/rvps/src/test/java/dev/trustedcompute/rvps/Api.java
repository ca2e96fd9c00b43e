package dev.trustedcompute.rvps;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Plain HTTP calls against a running RVPS, with JSON and problem assertions (Nimbus's JSON utils). */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String base;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    /** {@code path} is sent as given: callers percent-encode names themselves. */
    public HttpResponse<String> send(String method, String path, String contentType, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    public HttpResponse<String> get(String path, String token) {
        return send("GET", path, null, null, token);
    }

    public HttpResponse<String> post(String path, String json, String token) {
        return send("POST", path, json == null ? null : "application/json", json, token);
    }

    public HttpResponse<String> delete(String path, String token) {
        return send("DELETE", path, null, null, token);
    }

    public static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (Exception e) {
            throw new AssertionError("not a JSON object: " + response.body(), e);
        }
    }

    /** Asserts an RFC 9457 problem with this status and type code; returns its detail. */
    public static String assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.body()).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        Map<String, Object> problem = json(response);
        assertThat(problem.get("type")).as(response.body()).isEqualTo("https://trustedcompute.dev/problems/" + code);
        assertThat(problem.get("status")).isEqualTo((long) status);
        assertThat(response.body()).doesNotContain("Exception", "at dev.", "at org.");
        return (String) problem.get("detail");
    }
}

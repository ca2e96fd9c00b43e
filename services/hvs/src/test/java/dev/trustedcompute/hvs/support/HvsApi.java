package dev.trustedcompute.hvs.support;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain HTTP calls against a running HVS, with JSON and problem+json helpers. */
public final class HvsApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String base;

    public HvsApi(int port) {
        this.base = "http://localhost:" + port;
    }

    public HttpResponse<String> send(String method, String path, String json, String token) {
        return send(method, path, json, token, null);
    }

    public HttpResponse<String> send(String method, String path, String json, String token, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    public HttpResponse<String> get(String path, String token) {
        return send("GET", path, null, token);
    }

    public HttpResponse<String> post(String path, String json, String token) {
        return send("POST", path, json, token);
    }

    /** The JSON object of a response with status {@code status}. */
    public static Map<String, Object> json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (Exception e) {
            throw new AssertionError("not a JSON object: " + response.body(), e);
        }
    }

    /** Asserts an RFC 9457 problem with this status and type code; returns its detail. */
    public static String assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        Map<String, Object> problem = json(response, status);
        assertThat(problem.get("type")).as(response.body()).isEqualTo("https://trustedcompute.dev/problems/" + code);
        assertThat(response.body()).doesNotContain("Exception", "at dev.", "at org.");
        return (String) problem.get("detail");
    }
}

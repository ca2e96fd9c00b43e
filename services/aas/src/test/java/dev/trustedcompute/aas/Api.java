package dev.trustedcompute.aas;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** Plain HTTP calls against a running AAS, with JSON helpers (Nimbus's JSON utils, no extra mapper). */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String base;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    public HttpResponse<String> send(String method, String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
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
        return send("GET", path, null, token);
    }

    public HttpResponse<String> post(String path, String json, String token) {
        return send("POST", path, json, token);
    }

    public String token(String username, String password) {
        HttpResponse<String> response = post("/aas/v1/token", tokenBody(username, password), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/jwt");
        return response.body();
    }

    public static String tokenBody(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    /** Creates a user (as {@code adminToken}) and returns its id. */
    public String createUser(String adminToken, String username, String password) {
        HttpResponse<String> r = post("/aas/v1/users",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", adminToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return (String) json(r).get("user_id");
    }

    public String createRole(String adminToken, String service, String name, String context, String... rules) {
        String rulesJson = String.join(",", java.util.Arrays.stream(rules).map(x -> "\"" + x + "\"").toList());
        HttpResponse<String> r = post("/aas/v1/roles", "{\"service\":\"" + service + "\",\"name\":\"" + name + "\","
                + (context == null ? "" : "\"context\":\"" + context + "\",") + "\"permissions\":[" + rulesJson + "]}",
                adminToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return (String) json(r).get("role_id");
    }

    public static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (Exception e) {
            throw new AssertionError("not a JSON object: " + response.body(), e);
        }
    }

    public static List<Object> jsonArray(HttpResponse<String> response) {
        try {
            return JSONArrayUtils.parse(response.body());
        } catch (Exception e) {
            throw new AssertionError("not a JSON array: " + response.body(), e);
        }
    }

    /** Asserts an RFC 9457 problem with this status and type code; returns its detail. */
    public static String assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        Map<String, Object> problem = json(response);
        assertThat(problem.get("type")).as(response.body()).isEqualTo("https://trustedcompute.dev/problems/" + code);
        assertThat(problem.get("status")).isEqualTo((long) status);
        assertThat(response.body()).doesNotContain("Exception", "at dev.", "at org.");
        return (String) problem.get("detail");
    }
}

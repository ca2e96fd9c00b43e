package dev.trustedcompute.kbs;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Plain HTTP calls against a running KBS (no cookie jar: tests pass the session cookie explicitly). */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String base;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    public HttpResponse<String> send(String method, String path, byte[] body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    public HttpResponse<String> postJson(String path, String json, String... headers) {
        return send("POST", path, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json", headers);
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    public static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (Exception e) {
            throw new AssertionError("not a JSON object: " + response.body(), e);
        }
    }

    /** The {@code kbs-session-id} value from a Set-Cookie header. */
    public static String sessionCookie(HttpResponse<String> response) {
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring("kbs-session-id=".length(), header.indexOf(';'));
    }
}

package dev.trustedcompute.loadgen.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON-over-HTTP client for the drivers (JDK HttpClient, HTTP/1.1, one per driver). */
public final class JsonHttp {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final String base;

    public JsonHttp(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A response: status, body, and the first {@code Set-Cookie} value (or null). */
    public record Response(int status, String body, String setCookie) {
        public boolean ok() {
            return status / 100 == 2;
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            return JSON.readValue(body, Map.class);
        }
    }

    public Response send(String method, String path, String body, String contentType, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers().firstValue("Set-Cookie").orElse(null));
    }

    public Response postJson(String path, Object body, String... headers) throws IOException, InterruptedException {
        return send("POST", path, body instanceof String s ? s : JSON.writeValueAsString(body), "application/json",
                headers);
    }

    public Response get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, null, null, headers);
    }
}

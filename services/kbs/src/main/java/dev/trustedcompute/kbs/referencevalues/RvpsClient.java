package dev.trustedcompute.kbs.referencevalues;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RVPS over HTTP. {@link #query}: {@code POST /rvps/v1/reference-values/query} with {@code {"names":[...]}}, answer
 * {@code {"<name>":["v1",...]}} (unexpired values only); needs {@code RVPS:reference_values:query}.
 * {@link #register}: forwards a Trustee RVPS message to {@code POST /rvps/v1/reference-values}. Both carry the
 * service account's AAS token; a 401 renews it once.
 */
public final class RvpsClient implements ReferenceValueProvider {

    private final HttpClient http;
    private final URI baseUrl;
    private final AasTokenSource tokens;
    private final Duration timeout;
    private final JsonMapper json;

    public RvpsClient(HttpClient http, URI baseUrl, AasTokenSource tokens, Duration timeout, JsonMapper json) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.timeout = timeout;
        this.json = json;
    }

    @Override
    public Map<String, List<String>> query(Set<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        String body = json.writeValueAsString(Map.of("names", new TreeSet<>(names)));
        HttpResponse<String> response = send("/rvps/v1/reference-values/query", body);
        if (response.statusCode() != 200) {
            throw new ReferenceValuesUnavailableException("RVPS answered the reference value query with HTTP "
                    + response.statusCode(), response.statusCode());
        }
        return parse(response.body(), names);
    }

    /** Forwards a reference value message; returns RVPS's status and body for the caller to relay. */
    public HttpResponse<String> register(String message) {
        return send("/rvps/v1/reference-values", message);
    }

    private Map<String, List<String>> parse(String body, Set<String> asked) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new ReferenceValuesUnavailableException("RVPS answered with malformed JSON", e);
        }
        if (!root.isObject()) {
            throw new ReferenceValuesUnavailableException("RVPS answered with " + root.getNodeType() + ", not an object", 200);
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String name : asked) {
            JsonNode list = root.get(name);
            if (list == null || list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                throw new ReferenceValuesUnavailableException("RVPS value list of " + name + " is not an array", 200);
            }
            values.put(name, list.valueStream().map(v -> v.isString() ? v.asString() : v.toString()).toList());
        }
        return values;
    }

    private HttpResponse<String> send(String path, String body) {
        HttpResponse<String> response = post(path, body, tokens.token());
        if (response.statusCode() == 401) {
            tokens.invalidate();
            response = post(path, body, tokens.token());
        }
        return response;
    }

    private HttpResponse<String> post(String path, String body, String token) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ReferenceValuesUnavailableException("RVPS is unreachable at " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReferenceValuesUnavailableException("interrupted while asking RVPS", e);
        }
    }
}

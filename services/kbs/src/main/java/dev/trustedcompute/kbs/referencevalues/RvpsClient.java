package dev.trustedcompute.kbs.referencevalues;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RVPS over HTTP. {@link #query}: {@code POST /rvps/v1/reference-values/query} with {@code {"names":[...]}}, answer
 * {@code {"<name>":["v1",...]}} (unexpired values only); needs {@code RVPS:reference_values:query}.
 * {@link #register}: forwards a Trustee RVPS message to {@code POST /rvps/v1/reference-values}. Both carry the
 * service account's AAS token; a 401 renews it once.
 *
 * <p>Answers are kept for {@code cacheTtl} (0: not at all): every attestation asks for the same few names and RVPS
 * values change rarely, while one HTTP call with a token check per attestation cost RVPS more CPU than KBS's own
 * appraisal. A value registered or withdrawn in RVPS directly is seen at most {@code cacheTtl} later; one forwarded
 * through {@link #register} clears the cache at once. Failures are never cached.
 */
public final class RvpsClient implements ReferenceValueProvider {

    private static final int MAX_CACHED_QUERIES = 64;

    private final HttpClient http;
    private final URI baseUrl;
    private final AasTokenSource tokens;
    private final Duration timeout;
    private final JsonMapper json;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Map<Set<String>, Answer> cache = new ConcurrentHashMap<>();

    public RvpsClient(HttpClient http, URI baseUrl, AasTokenSource tokens, Duration timeout, JsonMapper json,
                      Duration cacheTtl, Clock clock) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.timeout = timeout;
        this.json = json;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    private record Answer(Map<String, List<String>> values, Instant until) {
    }

    @Override
    public Map<String, List<String>> query(Set<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        if (cacheTtl.isZero()) {
            return ask(names);
        }
        Set<String> key = Set.copyOf(names);
        Instant now = clock.instant();
        Answer cached = cache.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.values();
        }
        Map<String, List<String>> values = ask(key);
        if (cache.size() >= MAX_CACHED_QUERIES) {
            cache.clear(); // policies ask for a handful of name sets; many more means churn, not reuse
        }
        cache.put(key, new Answer(values, now.plus(cacheTtl)));
        return values;
    }

    private Map<String, List<String>> ask(Set<String> names) {
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
        HttpResponse<String> response = send("/rvps/v1/reference-values", message);
        cache.clear();
        return response;
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
        return Collections.unmodifiableMap(values);
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

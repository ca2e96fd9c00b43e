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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * through {@link #register} clears the cache at once. Failures are never cached. Callers that miss together share
 * one RVPS query, and an answer in the last fifth of its time is refreshed in the background while it is still
 * served, so under steady load no attestation waits for RVPS (those waits were KBS's slowest sessions). A failed
 * background refresh leaves the answer to expire; the next caller then asks RVPS itself and sees the failure.
 */
public final class RvpsClient implements ReferenceValueProvider {

    private static final int MAX_CACHED_QUERIES = 64;
    private static final Logger log = LoggerFactory.getLogger(RvpsClient.class);

    private final HttpClient http;
    private final URI baseUrl;
    private final AasTokenSource tokens;
    private final Duration timeout;
    private final JsonMapper json;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Map<Set<String>, Answer> cache = new ConcurrentHashMap<>();
    private final Map<Set<String>, CompletableFuture<Map<String, List<String>>>> inFlight = new ConcurrentHashMap<>();
    /** Raised by {@link #register}: a query asked before it does not fill the cache. */
    private final AtomicLong generation = new AtomicLong();

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

    private record Answer(Map<String, List<String>> values, Instant refreshFrom, Instant until) {
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
            if (!now.isBefore(cached.refreshFrom()) && !inFlight.containsKey(key)) {
                Thread.ofVirtual().name("rvps-refresh").start(() -> refresh(key));
            }
            return cached.values();
        }
        return load(key);
    }

    /** A background refresh: its failure is logged, not thrown (the cached answer stays until it expires). */
    private void refresh(Set<String> key) {
        try {
            load(key);
        } catch (RuntimeException e) {
            log.warn("refreshing reference values {} from RVPS failed: {}", key, e.getMessage());
        }
    }

    /** Asks RVPS for {@code key}, or waits for the query another caller is already making for it. */
    private Map<String, List<String>> load(Set<String> key) {
        CompletableFuture<Map<String, List<String>>> mine = new CompletableFuture<>();
        CompletableFuture<Map<String, List<String>>> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return join(running);
        }
        long asked = generation.get();
        Instant start = clock.instant();
        try {
            Map<String, List<String>> values = ask(key);
            if (generation.get() == asked) {
                if (cache.size() >= MAX_CACHED_QUERIES) {
                    cache.clear(); // policies ask for a handful of name sets; many more means churn, not reuse
                }
                cache.put(key, new Answer(values, start.plus(cacheTtl.multipliedBy(4).dividedBy(5)),
                        start.plus(cacheTtl)));
            }
            mine.complete(values);
            return values;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e); // the callers waiting for this query fail with it too
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** Whether a query for exactly {@code names} is being made now (tests wait for a background refresh with it). */
    boolean queryUnderWay(Set<String> names) {
        return inFlight.containsKey(Set.copyOf(names));
    }

    private static Map<String, List<String>> join(CompletableFuture<Map<String, List<String>>> query) {
        try {
            return query.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw (Error) e.getCause(); // load completes a query exceptionally with nothing else
        }
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
        generation.incrementAndGet();
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

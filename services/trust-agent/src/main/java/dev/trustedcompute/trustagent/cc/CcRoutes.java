package dev.trustedcompute.trustagent.cc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP/JSON face of {@link CcTrustedApi} under {@code /cc/v1} (documented in
 * {@code api-specs/cc-trusted-api.yaml}). Read-only: no route changes agent state. Errors are RFC 9457 problem
 * documents with the {@link CcError}'s status and type.
 */
public final class CcRoutes {

    /** The routes, as {@code METHOD path} with OpenAPI path templates (checked against the spec by a test). */
    public static final List<String> ROUTES = List.of(
            "GET /cc/v1/default-algorithm",
            "GET /cc/v1/measurement-count",
            "GET /cc/v1/measurements/{index}",
            "GET /cc/v1/eventlog",
            "POST /cc/v1/report",
            "POST /cc/v1/replay");

    static final String JSON_TYPE = "application/json";
    static final String PROBLEM_TYPE = "application/problem+json";

    private static final Pattern MEASUREMENT = Pattern.compile("/cc/v1/measurements/([^/]+)");

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** Body of {@code POST /cc/v1/report}: base64 values. */
    public record ReportRequest(String nonce, String userData) {
    }

    /** Body of {@code POST /cc/v1/replay}. */
    public record ReplayRequest(List<CcEvent> events) {
    }

    private final CcTrustedApi api;

    public CcRoutes(CcTrustedApi api) {
        this.api = api;
    }

    HttpMessage.Response handle(HttpMessage.Request request) {
        try {
            return ok(route(request));
        } catch (CcException e) {
            return problem(e.error(), e.getMessage());
        } catch (JacksonException e) {
            return problem(CcError.BAD_REQUEST, "malformed JSON body: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            return problem(CcError.INTERNAL, "internal error (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Object route(HttpMessage.Request r) throws CcException {
        String path = r.path();
        Matcher m = MEASUREMENT.matcher(path);
        String template = m.matches() ? "/cc/v1/measurements/{index}" : path;
        if (!ROUTES.contains(r.method() + " " + template)) {
            if (ROUTES.stream().anyMatch(route -> route.endsWith(" " + template))) {
                throw new CcException(CcError.METHOD_NOT_ALLOWED, r.method() + " is not allowed on " + path);
            }
            throw new CcException(CcError.NOT_FOUND, "no route " + path);
        }
        return switch (template) {
            case "/cc/v1/default-algorithm" -> Map.of("algorithm", api.defaultAlgorithm());
            case "/cc/v1/measurement-count" -> Map.of("count", api.measurementCount(), "ccType", api.ccType());
            case "/cc/v1/measurements/{index}" -> api.measurement(integer("index", m.group(1)),
                    Optional.ofNullable(r.query().get("algorithm")));
            case "/cc/v1/eventlog" -> Map.of("events", api.eventLog(
                    r.query().containsKey("start") ? integer("start", r.query().get("start")) : 0,
                    r.query().containsKey("count") ? Optional.of(integer("count", r.query().get("count")))
                            : Optional.empty()));
            case "/cc/v1/report" -> {
                ReportRequest body = body(r, ReportRequest.class);
                if (body.nonce() == null) {
                    throw new CcException(CcError.BAD_REQUEST, "nonce is required");
                }
                yield api.report(base64("nonce", body.nonce()),
                        body.userData() == null ? new byte[0] : base64("userData", body.userData()));
            }
            case "/cc/v1/replay" -> {
                ReplayRequest body = body(r, ReplayRequest.class);
                if (body.events() == null) {
                    throw new CcException(CcError.BAD_REQUEST, "events is required");
                }
                yield Map.of("measurements", api.replay(body.events()));
            }
            default -> throw new IllegalStateException("route " + template + " listed but not handled");
        };
    }

    private static <T> T body(HttpMessage.Request r, Class<T> type) throws CcException {
        if (r.body().length == 0) {
            throw new CcException(CcError.BAD_REQUEST, "a JSON body is required");
        }
        return JSON.readValue(r.body(), type);
    }

    private static int integer(String name, String value) throws CcException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CcException(CcError.BAD_REQUEST, name + " '" + value + "' is not an integer");
        }
    }

    private static byte[] base64(String name, String value) throws CcException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new CcException(CcError.BAD_REQUEST, name + " is not base64");
        }
    }

    private static HttpMessage.Response ok(Object value) {
        return new HttpMessage.Response(200, JSON_TYPE, JSON.writeValueAsBytes(value));
    }

    static HttpMessage.Response problem(CcError error, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", error.type());
        body.put("title", error.name());
        body.put("status", error.status());
        body.put("detail", detail);
        return new HttpMessage.Response(error.status(), PROBLEM_TYPE,
                JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }
}

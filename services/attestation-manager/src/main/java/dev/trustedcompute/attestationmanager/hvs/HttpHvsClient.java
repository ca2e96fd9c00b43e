package dev.trustedcompute.attestationmanager.hvs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trustedcompute.agentprotocol.HostId;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link HvsClient} over HVS's REST API ({@code /hvs/v2}) with the manager's AAS token. HVS names hosts in
 * {@code POST /flavors} by its own host UUID, so taking a node's evidence first looks the host up by its NATS host
 * id ({@code GET /hosts?hostId=}); the token therefore needs HVS hosts:search, flavors:create and reports:create.
 */
public final class HttpHvsClient implements HvsClient {
    private static final int MAX_DETAIL = 300;

    private final URI baseUrl;
    private final AasTokenSource tokens;
    private final Duration timeout;
    private final HttpClient http;
    private final JsonMapper json;

    public HttpHvsClient(URI baseUrl, AasTokenSource tokens, Duration timeout, HttpClient http, JsonMapper json) {
        this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        this.tokens = tokens;
        this.timeout = timeout;
        this.http = http;
        this.json = json;
    }

    @Override
    public void createFlavors(FlavorRequest request) throws HvsException {
        CreateFlavors body = request.flavorCollection() == null
                ? new CreateFlavors(hvsHostUuid(request.host()), null, request.partialFlavorTypes(), request.flavorGroups())
                : new CreateFlavors(null, request.flavorCollection(), null, request.flavorGroups());
        call("POST", "/hvs/v2/flavors", json.writeValueAsBytes(body));
    }

    @Override
    public void requestReport(HostId host) throws HvsException {
        call("POST", "/hvs/v2/reports", json.writeValueAsBytes(new CreateReport(host.value())));
    }

    /** HVS's id of the host the agent with this NATS host id registered. */
    private String hvsHostUuid(HostId host) throws HvsException {
        String body = call("GET", "/hvs/v2/hosts?hostId=" + URLEncoder.encode(host.value(), StandardCharsets.UTF_8), null);
        try {
            JsonNode hosts = json.readTree(body).path("hosts");
            for (JsonNode candidate : hosts) {
                if (host.value().equals(candidate.path("hostId").asString(null)) && candidate.hasNonNull("id")) {
                    return candidate.get("id").asString();
                }
            }
        } catch (JacksonException e) {
            throw new HvsException("HVS answered the host search with something that is not JSON");
        }
        throw new HvsException("HVS has no host " + host + " (the agent has not onboarded with HVS yet)");
    }

    private String call(String method, String pathAndQuery, byte[] body) throws HvsException {
        HttpResponse<String> response = send(method, pathAndQuery, body);
        if (response.statusCode() == 401) {
            tokens.invalidate();
            response = send(method, pathAndQuery, body);
        }
        if (response.statusCode() / 100 != 2) {
            String detail = response.body() == null ? "" : response.body().strip();
            throw new HvsException("HVS answered " + response.statusCode() + " to " + method + " " + pathAndQuery
                    + (detail.isEmpty() ? "" : ": " + detail.substring(0, Math.min(detail.length(), MAX_DETAIL))));
        }
        return response.body();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, byte[] body) throws HvsException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(timeout)
                .header("Authorization", "Bearer " + tokens.token()).header("Accept", "application/json");
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HvsException("HVS unreachable at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HvsException("interrupted while calling HVS", e);
        }
    }

    /** HVS's {@code FlavorCreate} (SecL shape): a host whose current evidence becomes golden, or a collection. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateFlavors(@JsonProperty("host_id") String hostUuid,
                         @JsonProperty("flavor_collection") Map<String, Object> flavorCollection,
                         @JsonProperty("partial_flavor_types") List<String> partialFlavorTypes,
                         @JsonProperty("flavorgroup_names") List<String> flavorGroups) {
    }

    /** HVS's {@code ReportCreate} naming the host by its NATS host id. */
    record CreateReport(String hostId) {
    }
}

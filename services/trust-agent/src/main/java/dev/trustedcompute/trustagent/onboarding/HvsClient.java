package dev.trustedcompute.trustagent.onboarding;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's HTTP client for HVS's onboarding endpoints: bearer token, JSON both ways, problem+json errors
 * turned into messages. The token is sent, never logged or put in a message.
 */
public final class HvsClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final URI base;
    private final String token;
    private final HttpClient http;

    /**
     * @param base HVS base URL ({@code https://hvs:8443}); paths below {@code /hvs/v2} are appended
     * @param tls  trust for an HVS certificate outside the JDK's trust store (the CMS root), if any
     */
    public HvsClient(URI base, String token, Optional<SSLContext> tls) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        tls.ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    public HvsOnboardingApi.Challenge requestChallenge(HvsOnboardingApi.ChallengeRequest request)
            throws AgentException {
        return post("/hvs/v2/onboarding/challenges", request, 201, HvsOnboardingApi.Challenge.class);
    }

    public HvsOnboardingApi.Activation answer(String challengeId, HvsOnboardingApi.ChallengeAnswer answer)
            throws AgentException {
        if (!challengeId.matches("[A-Za-z0-9-]{1,64}")) {
            throw new AgentException(Failure.HVS_UNREACHABLE, "HVS sent a challenge id that is not a UUID");
        }
        return post("/hvs/v2/onboarding/challenges/" + challengeId + "/response", answer, 200,
                HvsOnboardingApi.Activation.class);
    }

    private <T> T post(String path, Object body, int expected, Class<T> type) throws AgentException {
        URI uri = base.resolve(base.getPath() + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AgentException(Failure.HVS_UNREACHABLE, "cannot reach HVS at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(Failure.HVS_UNREACHABLE, "interrupted while calling HVS at " + uri, e);
        }
        int status = response.statusCode();
        if (status != expected) {
            throw new AgentException(status >= 500 ? Failure.HVS_UNREACHABLE : Failure.HVS_REFUSED,
                    "HVS answered POST " + path + " with " + status + problem(response.body())
                    + (status == 401 ? " (is the token valid?)" : status == 403
                            ? " (the token needs the permission HVS:hosts:onboard)" : ""));
        }
        try {
            T value = JSON.readValue(response.body(), type);
            if (value == null) {
                throw new AgentException(Failure.HVS_UNREACHABLE, "HVS answered POST " + path + " with no body");
            }
            return value;
        } catch (JacksonException e) {
            throw new AgentException(Failure.HVS_UNREACHABLE, "HVS answered POST " + path + " with a body that is "
                    + "not the onboarding contract: " + e.getOriginalMessage(), e);
        }
    }

    /** ": title: detail" from an RFC 9457 body, or nothing. */
    private static String problem(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            String title = node.path("title").asString("");
            String detail = node.path("detail").asString("");
            String text = (title + (detail.isEmpty() ? "" : ": " + detail)).strip();
            return text.isEmpty() ? "" : ": " + text;
        } catch (JacksonException | IllegalArgumentException e) {
            return "";
        }
    }
}

package dev.trustedcompute.attestationmanager.hvs;

import com.nimbusds.jwt.JWTParser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The manager's AAS token ({@code POST /aas/v1/token {"username","password"}} returns the JWT as text), cached
 * until one minute before it expires. The token is not verified here: HVS does that; only {@code exp} is read.
 */
public final class AasTokenSource {
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(1);

    private final URI tokenEndpoint;
    private final String username;
    private final String password;
    private final Duration timeout;
    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private String token;
    private Instant refreshAt = Instant.MIN;

    public AasTokenSource(URI aasBaseUrl, String username, String password, Duration timeout, HttpClient http,
                          JsonMapper json, Clock clock) {
        this.tokenEndpoint = URI.create(aasBaseUrl.toString().replaceAll("/+$", "") + "/aas/v1/token");
        this.username = username;
        this.password = password;
        this.timeout = timeout;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    public synchronized String token() throws HvsException {
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            fetch();
        }
        return token;
    }

    /** Forget the cached token (HVS refused it). */
    public synchronized void invalidate() {
        token = null;
    }

    private void fetch() throws HvsException {
        byte[] body = json.writeValueAsBytes(Map.of("username", username, "password", password));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/jwt")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new HvsException("AAS unreachable at " + tokenEndpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HvsException("interrupted while asking AAS for a token", e);
        }
        if (response.statusCode() != 200) {
            throw new HvsException("AAS answered " + response.statusCode() + " to the token request for " + username);
        }
        String jwt = response.body().strip();
        Date expires;
        try {
            expires = JWTParser.parse(jwt).getJWTClaimsSet().getExpirationTime();
        } catch (ParseException e) {
            throw new HvsException("AAS returned something that is not a JWT", e);
        }
        if (expires == null) {
            throw new HvsException("AAS returned a token without exp");
        }
        token = jwt;
        refreshAt = expires.toInstant().minus(REFRESH_MARGIN);
    }
}

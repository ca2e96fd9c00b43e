package dev.trustedcompute.kbs.referencevalues;

import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * KBS's own bearer token for RVPS: the configured service account logs in to AAS ({@code POST /aas/v1/token}) and
 * the token is reused until a minute before it expires. The password is sent only to AAS and never logged.
 */
public final class AasTokenSource {

    private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI tokenUri;
    private final String body;
    private final Duration timeout;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    public AasTokenSource(HttpClient http, URI aasUrl, String username, String password, Duration timeout,
                          Clock clock, JsonMapper json) {
        this.http = http;
        this.tokenUri = aasUrl.resolve("/aas/v1/token");
        this.body = json.writeValueAsString(Map.of("username", username, "password", password));
        this.timeout = timeout;
        this.clock = clock;
    }

    public synchronized String token() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            token = fetch();
            renewAt = renewAt(token);
        }
        return token;
    }

    /** Forgets the cached token (RVPS refused it: revoked, or AAS keys rotated). */
    public synchronized void invalidate() {
        token = null;
    }

    private String fetch() {
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/jwt")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ReferenceValuesUnavailableException("AAS refused KBS's service account login with HTTP "
                        + response.statusCode(), response.statusCode());
            }
            return response.body().trim();
        } catch (IOException e) {
            throw new ReferenceValuesUnavailableException("AAS is unreachable at " + tokenUri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReferenceValuesUnavailableException("interrupted while asking AAS for a token", e);
        }
    }

    private Instant renewAt(String jwt) {
        try {
            Date exp = SignedJWT.parse(jwt).getJWTClaimsSet().getExpirationTime();
            if (exp == null) {
                return clock.instant();
            }
            return exp.toInstant().minus(RENEW_BEFORE);
        } catch (ParseException e) {
            throw new ReferenceValuesUnavailableException("AAS answered with something that is not a JWT", e);
        }
    }
}

package dev.trustedcompute.aas.token;

import java.time.Instant;

/** A signed token with the facts a caller may want to log (never the token itself). */
public record IssuedToken(String token, String kid, String jti, Instant issuedAt, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedToken[kid=" + kid + ", jti=" + jti + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}

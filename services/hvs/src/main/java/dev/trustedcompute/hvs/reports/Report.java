package dev.trustedcompute.hvs.reports;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored trust report.
 *
 * @param hostId     the host record's id
 * @param claimsJson the JWT's claims as JSON
 * @param jwt        the compact JWS as issued
 */
public record Report(UUID id, UUID hostId, Instant createdAt, Instant expiresAt, boolean trusted, String claimsJson,
                     String jwt) {
}

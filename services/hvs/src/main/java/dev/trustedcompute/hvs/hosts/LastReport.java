package dev.trustedcompute.hvs.hosts;

import java.time.Instant;
import java.util.UUID;

/** The newest trust report of a host, as shown in its status. */
public record LastReport(UUID id, Instant createdAt, Instant expiresAt, boolean trusted) {
}

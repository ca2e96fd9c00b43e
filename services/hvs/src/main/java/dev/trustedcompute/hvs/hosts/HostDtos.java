package dev.trustedcompute.hvs.hosts;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Wire shapes of hosts. */
public final class HostDtos {

    private HostDtos() {
    }

    @Schema(name = "HostCreate")
    public record HostCreate(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "edge-node-1") String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "edge-node-1",
                    description = "The agent's NATS host id: 1-64 of [A-Za-z0-9_-], starting with a letter or digit")
            String hostId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "4c4c4544-0051-3510-8057-b7c04f4b4d32",
                    description = "SMBIOS system UUID") String hardwareUuid,
            String description,
            @Schema(description = "Flavor groups to match the host against; default: automatic") List<UUID> flavorGroupIds) {
    }

    @Schema(name = "HostUpdate", description = "Replaces name, description and flavor groups")
    public record HostUpdate(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
            String description,
            @Schema(description = "default: automatic") List<UUID> flavorGroupIds) {
    }

    @Schema(name = "HostReportStatus")
    public record ReportView(UUID id, Instant createdAt, Instant expiresAt, boolean trusted) {
    }

    @Schema(name = "HostStatus")
    public record StatusView(ConnectionState connectionState, Instant lastContactAt,
                             @Schema(description = "An attestation key is pinned (the host was onboarded)") boolean onboarded,
                             @Schema(description = "TPM name of the pinned AK, hex") String akName,
                             Instant akPinnedAt,
                             @Schema(description = "The newest trust report; null before the first") ReportView lastReport,
                             @Schema(description = "TRUSTED or UNTRUSTED per the newest report if it has not expired, else UNKNOWN")
                             String trust) {
    }

    @Schema(name = "Host")
    public record HostView(UUID id, String name,
                           @Schema(description = "The agent's NATS host id") String hostId,
                           UUID hardwareUuid, String description, Set<UUID> flavorGroupIds, StatusView status,
                           Instant createdAt, Instant updatedAt) {

        public static HostView of(HostListing listing, Instant now) {
            Host h = listing.host();
            LastReport r = listing.lastReport();
            String trust = r == null || !r.expiresAt().isAfter(now) ? "UNKNOWN" : r.trusted() ? "TRUSTED" : "UNTRUSTED";
            StatusView status = new StatusView(h.connectionState(), h.lastContactAt(), h.onboarded(),
                    h.ak().map(PinnedAk::akNameHex).orElse(null), h.ak().map(PinnedAk::pinnedAt).orElse(null),
                    r == null ? null : new ReportView(r.id(), r.createdAt(), r.expiresAt(), r.trusted()), trust);
            return new HostView(h.id(), h.name(), h.natsHostId().value(), h.hardwareUuid(), h.description(),
                    h.flavorGroupIds(), status, h.createdAt(), h.updatedAt());
        }
    }

    @Schema(name = "HostPage")
    public record HostPage(List<HostView> hosts,
                           @Schema(description = "afterId for the next page; null on the last page") UUID nextAfterId) {
    }
}

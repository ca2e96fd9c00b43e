package dev.trustedcompute.hvs.hosts;

import dev.trustedcompute.agentprotocol.HostId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A node known to HVS.
 *
 * @param id              HVS's id of the host (UUIDv7)
 * @param name            unique display name
 * @param natsHostId      the agent's NATS host id; its subjects and credentials are scoped to it
 * @param hardwareUuid    self-reported SMBIOS UUID (for look-ups, not identity)
 * @param flavorGroupIds  flavor groups the host is matched against
 * @param connectionState how HVS last got on with the agent
 * @param lastContactAt   when the agent last answered or pushed; null if never
 * @param pinnedAk        the attestation key pinned at onboarding; null until the host is onboarded
 */
public record Host(UUID id, String name, HostId natsHostId, UUID hardwareUuid, String description,
                   Set<UUID> flavorGroupIds, ConnectionState connectionState, Instant lastContactAt,
                   PinnedAk pinnedAk, Instant createdAt, Instant updatedAt) {

    public Host {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(natsHostId, "natsHostId");
        Objects.requireNonNull(hardwareUuid, "hardwareUuid");
        flavorGroupIds = Set.copyOf(flavorGroupIds);
        Objects.requireNonNull(connectionState, "connectionState");
    }

    public Optional<PinnedAk> ak() {
        return Optional.ofNullable(pinnedAk);
    }

    public boolean onboarded() {
        return pinnedAk != null;
    }
}

package dev.trustedcompute.attestationmanager.reaction;

import java.time.Instant;

/**
 * The body of {@code POST <inventory>/attestation-status}.
 *
 * @param eventId  unique per update and stable across retries (also the {@code Idempotency-Key} header)
 * @param sequence increases per update; a node's updates are sent in this order, one at a time
 */
public record InventoryUpdate(String eventId, long sequence, String hostId, String hardwareUuid,
                              String attestationStatus, String status, String reason, String detail, Instant decidedAt) {

    static InventoryUpdate of(OutboxEntry entry, InventoryStatus status) {
        return new InventoryUpdate("am-" + entry.id(), entry.id(), status.hostId(), status.hardwareUuid(),
                status.attestationStatus(), status.status(), status.reason(), status.detail(), status.decidedAt());
    }
}

package dev.trustedcompute.attestationmanager.reaction;

import java.time.Instant;

/**
 * A node's status as the Edge Infrastructure Manager gets it (the {@link OutboxChannel#INVENTORY} payload).
 *
 * @param attestationStatus EIM's verdict: {@code VERIFIED} only when the node is verified and not cordoned,
 *                          else {@code FAILED}
 * @param status            the manager's own status ({@code VERIFIED}, {@code ATTESTATION_FAILED}, ...)
 */
public record InventoryStatus(String hostId, String hardwareUuid, String attestationStatus, String status,
                              String reason, String detail, Instant decidedAt) {
}

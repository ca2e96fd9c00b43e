package dev.trustedcompute.attestationmanager.reaction;

import java.time.Instant;

/**
 * One queued reaction.
 *
 * @param id       increases with creation: the order of delivery per node and channel, and the event id receivers
 *                 de-duplicate on
 * @param attempts failed attempts so far
 */
public record OutboxEntry(long id, OutboxChannel channel, String hostId, String payload, int attempts, Instant createdAt) {
}

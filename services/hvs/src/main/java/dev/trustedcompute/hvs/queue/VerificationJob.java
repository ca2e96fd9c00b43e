package dev.trustedcompute.hvs.queue;

import java.util.UUID;

/**
 * A claimed job.
 *
 * @param evidence   an EvidencePush (JSON) pushed by the agent; null: fetch evidence
 * @param extraData  SHA-256 of the pushed evidence's nonce; null with {@code evidence}
 * @param attempts   how many times the job was claimed, this time included
 * @param leaseOwner the claim's token; finishing requires still holding it
 */
public record VerificationJob(UUID id, UUID hostId, Trigger trigger, byte[] evidence, byte[] extraData, int attempts,
                              UUID leaseOwner) {
}

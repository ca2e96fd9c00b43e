package dev.trustedcompute.hvs.nats;

import java.util.UUID;

/** Where accepted evidence pushes go (the verification queue). */
public interface EvidenceSink {

    /**
     * Queues verification of evidence that host {@code hostId}'s agent pushed with a nonce HVS issued to it (already
     * used up).
     *
     * @param pushJson  the {@code EvidencePush} as the agent sent it, already decoded and checked by the caller (kept
     *                  as received: encoding it again would cost as much as the decode)
     * @param extraData SHA-256 of that nonce, which the quote must carry
     * @return the id of the queued job
     */
    UUID accept(UUID hostId, byte[] pushJson, byte[] extraData);
}

package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.agentprotocol.EvidencePush;
import dev.trustedcompute.hvs.hosts.Host;

import java.util.UUID;

/** Where accepted evidence pushes go (the verification queue). */
public interface EvidenceSink {

    /**
     * Queues verification of evidence {@code host}'s agent pushed with a nonce HVS issued to it (already used up).
     *
     * @param extraData SHA-256 of that nonce, which the quote must carry
     * @return the id of the queued job
     */
    UUID accept(Host host, EvidencePush push, byte[] extraData);
}

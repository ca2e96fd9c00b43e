package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.agentprotocol.HostId;

import java.util.Optional;
import java.util.UUID;

/** Where accepted evidence pushes go (the verification queue). */
public interface EvidenceSink {

    /**
     * Queues verification of evidence that agent {@code agent} pushed, if {@code nonce} is one HVS issued to that
     * onboarded host for an evidence push, unused and unexpired; uses the nonce up and records the contact with it.
     *
     * @param pushJson the {@code EvidencePush} as the agent sent it, already decoded and checked by the caller (kept
     *                 as received: encoding it again would cost as much as the decode)
     * @return the id of the queued job; empty when the nonce does not qualify (nothing is written)
     */
    Optional<UUID> accept(HostId agent, byte[] nonce, byte[] pushJson);
}

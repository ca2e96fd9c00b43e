package dev.trustedcompute.hvs.queue;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.hvs.nats.EvidenceSink;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/** Pushed evidence becomes a queue job carrying it. */
@Component
public class QueuedEvidenceSink implements EvidenceSink {

    private final VerificationQueue queue;

    public QueuedEvidenceSink(VerificationQueue queue) {
        this.queue = queue;
    }

    @Override
    public Optional<UUID> accept(HostId agent, byte[] nonce, byte[] pushJson) {
        return queue.enqueuePush(agent, nonce, pushJson);
    }
}

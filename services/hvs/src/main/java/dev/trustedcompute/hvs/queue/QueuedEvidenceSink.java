package dev.trustedcompute.hvs.queue;

import dev.trustedcompute.hvs.nats.EvidenceSink;
import org.springframework.stereotype.Component;

import java.util.UUID;

/** Pushed evidence becomes a queue job carrying it. */
@Component
public class QueuedEvidenceSink implements EvidenceSink {

    private final VerificationQueue queue;

    public QueuedEvidenceSink(VerificationQueue queue) {
        this.queue = queue;
    }

    @Override
    public UUID accept(UUID hostId, byte[] pushJson, byte[] extraData) {
        return queue.enqueueEvidence(hostId, pushJson, extraData);
    }
}

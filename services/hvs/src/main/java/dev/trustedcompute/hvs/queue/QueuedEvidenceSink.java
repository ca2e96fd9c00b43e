package dev.trustedcompute.hvs.queue;

import dev.trustedcompute.agentprotocol.EvidencePush;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.hvs.hosts.Host;
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
    public UUID accept(Host host, EvidencePush push, byte[] extraData) {
        return queue.enqueueEvidence(host.id(), ProtocolJson.encode(push), extraData);
    }
}

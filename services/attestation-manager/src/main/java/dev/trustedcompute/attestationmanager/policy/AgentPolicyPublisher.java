package dev.trustedcompute.attestationmanager.policy;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.PolicyUpdate;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.Subjects;
import io.nats.client.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeoutException;

/**
 * Publishes {@link PolicyUpdate} on {@code trust-agent.<hostId>.policy-update} (core NATS). Agents apply it at
 * once; an agent that is offline gets it again on its next onboarding or policy change.
 */
public class AgentPolicyPublisher {
    private static final Logger log = LoggerFactory.getLogger(AgentPolicyPublisher.class);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

    private final Connection nats;
    private final Subjects subjects;

    public AgentPolicyPublisher(Connection nats, Subjects subjects) {
        this.nats = nats;
        this.subjects = subjects;
    }

    public void publish(Collection<HostId> hosts, int pollDurationMinutes) {
        byte[] body = ProtocolJson.encode(new PolicyUpdate(pollDurationMinutes));
        for (HostId host : hosts) {
            nats.publish(subjects.policyUpdate(host), body);
        }
        try {
            nats.flush(FLUSH_TIMEOUT);
            log.info("pollDuration {} min published to {} agent(s)", pollDurationMinutes, hosts.size());
        } catch (TimeoutException e) {
            log.warn("pollDuration {} min queued for {} agent(s) but NATS did not confirm within {}", pollDurationMinutes,
                    hosts.size(), FLUSH_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

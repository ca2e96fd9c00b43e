package dev.trustedcompute.attestationmanager.decisions;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.attestationmanager.nodes.NodeRepository;
import dev.trustedcompute.attestationmanager.policy.PolicyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/** Marks nodes without a valid report for 2 x pollDuration as {@code ATTESTATION_FAILED}, reason {@code stale}. */
public class StaleNodeCheck {
    private static final Logger log = LoggerFactory.getLogger(StaleNodeCheck.class);

    private final NodeRepository nodes;
    private final NodeDecisions decisions;
    private final PolicyService policy;
    private final Clock clock;

    public StaleNodeCheck(NodeRepository nodes, NodeDecisions decisions, PolicyService policy, Clock clock) {
        this.nodes = nodes;
        this.decisions = decisions;
        this.policy = policy;
        this.clock = clock;
    }

    /** @return how many nodes went stale */
    public int run() {
        Duration allowed = policy.current().staleAfter();
        int marked = 0;
        for (HostId host : nodes.staleCandidates(clock.instant().minus(allowed))) {
            if (decisions.markStale(host, allowed)) {
                log.warn("node {}: no valid report for {} minutes; ATTESTATION_FAILED (stale), cordoned", host, allowed.toMinutes());
                marked++;
            }
        }
        return marked;
    }
}

package dev.trustedcompute.attestationmanager.metrics;

import dev.trustedcompute.attestationmanager.nodes.NodeRepository;
import dev.trustedcompute.attestationmanager.nodes.NodeStatus;
import dev.trustedcompute.attestationmanager.reaction.Outbox;
import dev.trustedcompute.attestationmanager.reaction.OutboxChannel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics: {@code am_nodes{status}}, {@code am_outbox_backlog{channel}} (from a snapshot refreshed on a
 * schedule, so scrapes never hit the database), {@code am_decision_latency_seconds} (report
 * {@code iat} to decision commit) and {@code am_reports_total{outcome}}.
 */
public class ManagerMetrics {
    private final MeterRegistry registry;
    private final NodeRepository nodes;
    private final Outbox outbox;
    private final Map<NodeStatus, Long> nodesPerStatus = new ConcurrentHashMap<>();
    private final Map<OutboxChannel, Long> backlog = new ConcurrentHashMap<>();
    private final Timer decisionLatency;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    public ManagerMetrics(MeterRegistry registry, NodeRepository nodes, Outbox outbox) {
        this.registry = registry;
        this.nodes = nodes;
        this.outbox = outbox;
        for (NodeStatus status : NodeStatus.values()) {
            nodesPerStatus.put(status, 0L);
            Gauge.builder("am.nodes", nodesPerStatus, m -> m.get(status)).tag("status", status.name())
                    .description("nodes per attestation status").register(registry);
        }
        for (OutboxChannel channel : OutboxChannel.values()) {
            backlog.put(channel, 0L);
            Gauge.builder("am.outbox.backlog", backlog, m -> m.get(channel)).tag("channel", channel.name())
                    .description("reactions waiting for delivery").register(registry);
        }
        decisionLatency = Timer.builder("am.decision.latency")
                .description("time from a report's issue (iat) to its decision").register(registry);
    }

    /** Re-reads node and outbox counts. */
    public void refresh() {
        Map<NodeStatus, Long> counts = new EnumMap<>(nodes.countByStatus());
        nodesPerStatus.putAll(counts);
        backlog.putAll(outbox.backlog());
    }

    public void decided(Duration latency) {
        decisionLatency.record(latency.isNegative() ? Duration.ZERO : latency);
    }

    /** Counts report events by outcome: applied, superseded, duplicate, or refused-&lt;reason&gt;. */
    public void report(String outcome) {
        outcomes.computeIfAbsent(outcome.toLowerCase(Locale.ROOT), o -> Counter.builder("am.reports").tag("outcome", o)
                .description("report events by outcome").register(registry)).increment();
    }
}

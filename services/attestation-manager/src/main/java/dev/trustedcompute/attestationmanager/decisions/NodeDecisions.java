package dev.trustedcompute.attestationmanager.decisions;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.TrustReportSummary;
import dev.trustedcompute.attestationmanager.nodes.Decision;
import dev.trustedcompute.attestationmanager.nodes.HistoryEvent;
import dev.trustedcompute.attestationmanager.nodes.Node;
import dev.trustedcompute.attestationmanager.nodes.NodeRepository;
import dev.trustedcompute.attestationmanager.nodes.NodeState;
import dev.trustedcompute.attestationmanager.reaction.Reactions;
import dev.trustedcompute.attestationmanager.reports.VerifiedReport;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Applies decisions, stale verdicts and onboardings to nodes, each in one transaction with the node row locked:
 * the report ledger entry, the node, its history and the queued reactions commit together or not at all.
 */
public class NodeDecisions {
    private final NodeRepository nodes;
    private final Reactions reactions;
    private final Clock clock;
    private final String instanceId;

    public NodeDecisions(NodeRepository nodes, Reactions reactions, Clock clock, String instanceId) {
        this.nodes = nodes;
        this.reactions = reactions;
        this.clock = clock;
        this.instanceId = instanceId;
    }

    @Transactional
    public DecisionOutcome apply(VerifiedReport report, Decision decision) {
        Instant now = clock.instant();
        HostId host = report.hostId();
        if (!nodes.claimReport(report.reportId(), host, report.issuedAt(), decision.status(), instanceId, now)) {
            return DecisionOutcome.duplicate();
        }
        boolean created = nodes.createIfAbsent(host, host.value(), now);
        Node before = nodes.lock(host);
        TrustReportSummary summary = report.summary();
        // Order by the report's own creation time: the JWT's iat has whole seconds, and two reports of one
        // host within a second (a push and an operator's attest-now) must not supersede each other.
        Instant madeAt = summary.createdAt();
        if (before.lastReportAt() != null && !madeAt.isAfter(before.lastReportAt())) {
            nodes.markSuperseded(report.reportId());
            return new DecisionOutcome(DecisionOutcome.Kind.SUPERSEDED, created, false, before.state());
        }
        NodeState state = before.state().after(decision, madeAt);
        Node after = new Node(host, summary.hostName() != null ? summary.hostName() : before.hostName(),
                summary.hardwareUuid() != null ? summary.hardwareUuid() : before.hardwareUuid(), before.kubernetesNode(),
                state, report.reportId(), madeAt, before.createdAt(), now);
        nodes.update(after);
        boolean changed = changed(before.state(), state);
        if (changed) {
            nodes.addHistory(host, HistoryEvent.REPORT, state, report.reportId(), report.issuer(), now);
            reactions.enqueue(before, after, now);
        }
        return new DecisionOutcome(DecisionOutcome.Kind.APPLIED, created, changed, state);
    }

    /** Marks the node stale if, under the lock, it still has no evidence newer than {@code allowed} ago. */
    @Transactional
    public boolean markStale(HostId host, Duration allowed) {
        Instant now = clock.instant();
        Node before = nodes.lock(host);
        if (!before.lastEvidence().isBefore(now.minus(allowed))) {
            return false;
        }
        NodeState state = before.state().stale(before.lastEvidence(), allowed, now);
        if (!changed(before.state(), state)) {
            return false;
        }
        Node after = new Node(host, before.hostName(), before.hardwareUuid(), before.kubernetesNode(), state,
                before.lastReportId(), before.lastReportAt(), before.createdAt(), now);
        nodes.update(after);
        nodes.addHistory(host, HistoryEvent.STALE, state, null, instanceId, now);
        reactions.enqueue(before, after, now);
        return true;
    }

    /** Golden flavors were created for the node; creates it if unknown. */
    @Transactional
    public Node onboarded(HostId host, String kubernetesNode, String actor) {
        Instant now = clock.instant();
        nodes.createIfAbsent(host, kubernetesNode == null ? host.value() : kubernetesNode, now);
        Node before = nodes.lock(host);
        NodeState state = before.state().onboarded(now);
        Node after = new Node(host, before.hostName(), before.hardwareUuid(),
                kubernetesNode == null ? before.kubernetesNode() : kubernetesNode, state, before.lastReportId(),
                before.lastReportAt(), before.createdAt(), now);
        nodes.update(after);
        nodes.addHistory(host, HistoryEvent.ONBOARDED, state, null, actor, now);
        return after;
    }

    private static boolean changed(NodeState before, NodeState after) {
        return !after.sameOutcomeAs(before) || !Objects.equals(before.detail(), after.detail());
    }
}

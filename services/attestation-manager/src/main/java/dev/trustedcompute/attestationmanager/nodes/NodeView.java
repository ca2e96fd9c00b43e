package dev.trustedcompute.attestationmanager.nodes;

import dev.trustedcompute.agentprotocol.TrustReportSummary.Fault;

import java.time.Instant;
import java.util.List;

/**
 * A node as the API shows it.
 *
 * @param reason   machine-readable: untrusted, disk-not-encrypted, secure-boot-disabled, secure-boot-unknown,
 *                 stale, awaiting-onboarding, awaiting-report; null when verified
 * @param cordoned unschedulable and tainted (lifted only by onboarding plus a VERIFIED report)
 */
public record NodeView(String hostId, String hostName, String hardwareUuid, String kubernetesNode, NodeStatus status,
                       Reason reason, String detail, List<Fault> faults, boolean cordoned, Instant failedAt,
                       Instant onboardedAt, String lastReportId, Instant lastReportAt, Instant updatedAt) {

    public static NodeView of(Node node) {
        NodeState s = node.state();
        return new NodeView(node.hostId().value(), node.hostName(), node.hardwareUuid(), node.kubernetesNode(),
                s.status(), s.reason(), s.detail(), s.faults(), s.cordoned(), s.failedAt(), s.onboardedAt(),
                node.lastReportId(), node.lastReportAt(), node.updatedAt());
    }
}

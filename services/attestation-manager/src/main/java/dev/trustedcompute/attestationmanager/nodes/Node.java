package dev.trustedcompute.attestationmanager.nodes;

import dev.trustedcompute.agentprotocol.HostId;

import java.time.Instant;

/**
 * A node as stored.
 *
 * @param kubernetesNode name of the Kubernetes node object it is fenced through (default: the host id, as
 *                       agents in a DaemonSet use the node name as host id)
 * @param lastReportAt   {@code iat} of the newest applied report; older reports arriving later change nothing
 */
public record Node(HostId hostId, String hostName, String hardwareUuid, String kubernetesNode, NodeState state,
                   String lastReportId, Instant lastReportAt, Instant createdAt, Instant updatedAt) {

    /** When the node last gave a sign of life the manager trusts: a valid report, else its onboarding or first sight. */
    public Instant lastEvidence() {
        if (lastReportAt != null) {
            return lastReportAt;
        }
        return state.onboardedAt() != null ? state.onboardedAt() : createdAt;
    }
}

package dev.trustedcompute.attestationmanager.nodes;

import dev.trustedcompute.agentprotocol.TrustReportSummary.Fault;

import java.util.List;

/**
 * What one verified report says about its node.
 *
 * @param reason null only for {@link NodeStatus#VERIFIED}
 * @param detail human-readable explanation (null when verified)
 * @param faults HVS's failed rules, verbatim
 */
public record Decision(NodeStatus status, Reason reason, String detail, List<Fault> faults) {
    public Decision {
        faults = List.copyOf(faults);
        if ((status == NodeStatus.VERIFIED) != (reason == null)) {
            throw new IllegalArgumentException("a reason is required exactly when the status is not VERIFIED");
        }
    }
}

package dev.trustedcompute.attestationmanager.nodes;

import dev.trustedcompute.agentprotocol.TrustReportSummary.Fault;

import java.time.Instant;
import java.util.List;

/** One entry of a node's status history. */
public record HistoryEntry(long id, HistoryEvent event, NodeStatus status, Reason reason, String detail,
                           List<Fault> faults, boolean cordoned, String reportId, String actor, Instant at) {
}

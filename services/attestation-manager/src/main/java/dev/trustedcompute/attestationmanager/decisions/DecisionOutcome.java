package dev.trustedcompute.attestationmanager.decisions;

import dev.trustedcompute.attestationmanager.nodes.NodeState;

/**
 * What deciding one report did.
 *
 * @param newNode the report was the first sign of this node
 * @param changed the node's status, reason or fencing changed
 */
public record DecisionOutcome(Kind kind, boolean newNode, boolean changed, NodeState state) {

    public enum Kind {
        /** The report is now the node's latest. */
        APPLIED,
        /** A newer report of the node was applied before; this one is recorded but changes nothing. */
        SUPERSEDED,
        /** This report id was decided before (redelivery, re-publish): nothing changes. */
        DUPLICATE
    }

    static DecisionOutcome duplicate() {
        return new DecisionOutcome(Kind.DUPLICATE, false, false, null);
    }
}

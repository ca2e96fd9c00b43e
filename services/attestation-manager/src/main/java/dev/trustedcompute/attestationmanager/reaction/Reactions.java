package dev.trustedcompute.attestationmanager.reaction;

import dev.trustedcompute.attestationmanager.nodes.Node;
import dev.trustedcompute.attestationmanager.nodes.NodeState;
import dev.trustedcompute.attestationmanager.nodes.NodeStatus;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;

/**
 * Queues what a node change means outside: fencing when the status or cordon changed, an inventory update when
 * the status or reason changed. Runs inside the decision's transaction. Pending nodes cause nothing.
 */
public class Reactions {
    private final Outbox outbox;
    private final JsonMapper json;
    private final boolean inventoryEnabled;

    public Reactions(Outbox outbox, JsonMapper json, boolean inventoryEnabled) {
        this.outbox = outbox;
        this.json = json;
        this.inventoryEnabled = inventoryEnabled;
    }

    public void enqueue(Node before, Node after, Instant now) {
        NodeState was = before.state();
        NodeState is = after.state();
        if (is.status() == NodeStatus.PENDING) {
            return;
        }
        String host = after.hostId().value();
        if (was.status() != is.status() || was.cordoned() != is.cordoned()) {
            FenceAction action = new FenceAction(host, after.kubernetesNode(), is.status().name(), is.cordoned());
            outbox.enqueue(OutboxChannel.KUBERNETES, host, json.writeValueAsString(action), now);
        }
        if (inventoryEnabled && (was.status() != is.status() || was.reason() != is.reason())) {
            boolean verified = is.status() == NodeStatus.VERIFIED && !is.cordoned();
            InventoryStatus status = new InventoryStatus(host, after.hardwareUuid(), verified ? "VERIFIED" : "FAILED",
                    is.status().name(), is.reason() == null ? null : is.reason().code(), is.detail(), now);
            outbox.enqueue(OutboxChannel.INVENTORY, host, json.writeValueAsString(status), now);
        }
    }
}

package dev.trustedcompute.attestationmanager.reaction;

/** Where a queued reaction goes. Entries of one node and channel are delivered in order. */
public enum OutboxChannel {
    /** Cordon/taint/label the node's Kubernetes node object. */
    KUBERNETES,
    /** Tell the Edge Infrastructure Manager the node's status. */
    INVENTORY
}

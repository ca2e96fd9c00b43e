package dev.trustedcompute.attestationmanager.reaction;

/** Outcome of one delivery attempt. */
public sealed interface Delivery {
    /** Done; the next entry of the node may go. */
    record Delivered() implements Delivery {
    }

    /** Temporary failure (endpoint down, 5xx, timeout): try again after a backoff, holding back later entries. */
    record Retry(String error) implements Delivery {
    }

    /** Permanent refusal (e.g. the Kubernetes node does not exist, 4xx): logged, never retried. */
    record Dropped(String error) implements Delivery {
    }
}

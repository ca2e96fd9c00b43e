package dev.trustedcompute.attestationmanager.reaction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** No Kubernetes configured (the local lab): logs the exact change it would make, and counts it as done. */
public final class LoggedNodeFence implements NodeFence {
    private static final Logger log = LoggerFactory.getLogger(LoggedNodeFence.class);

    private final JsonMapper json;
    private final String taintKey;
    private final String statusLabel;

    public LoggedNodeFence(JsonMapper json, String taintKey, String statusLabel) {
        this.json = json;
        this.taintKey = taintKey;
        this.statusLabel = statusLabel;
    }

    @Override
    public Delivery deliver(OutboxEntry entry) {
        FenceAction action = json.readValue(entry.payload(), FenceAction.class);
        log.info("No Kubernetes configured; would apply to {}", action.describe(taintKey, statusLabel));
        return new Delivery.Delivered();
    }
}

package dev.trustedcompute.attestationmanager.reaction;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Cordons through the Kubernetes API: {@code spec.unschedulable}, a {@code NoSchedule} taint and a status label.
 * A cordon is lifted only when this manager's taint is on the node, so an administrator's own cordon (for
 * maintenance) is left alone.
 */
public final class KubernetesNodeFence implements NodeFence {
    private static final Logger log = LoggerFactory.getLogger(KubernetesNodeFence.class);
    private static final int NOT_FOUND = 404;

    private final KubernetesClient client;
    private final JsonMapper json;
    private final String taintKey;
    private final String statusLabel;

    public KubernetesNodeFence(KubernetesClient client, JsonMapper json, String taintKey, String statusLabel) {
        this.client = client;
        this.json = json;
        this.taintKey = taintKey;
        this.statusLabel = statusLabel;
    }

    @Override
    public Delivery deliver(OutboxEntry entry) {
        FenceAction action = json.readValue(entry.payload(), FenceAction.class);
        try {
            var resource = client.nodes().withName(action.kubernetesNode());
            if (resource.get() == null) {
                return new Delivery.Dropped("no Kubernetes node named " + action.kubernetesNode());
            }
            resource.edit(node -> fenced(node, action));
            log.info("Kubernetes: applied to {}", action.describe(taintKey, statusLabel));
            return new Delivery.Delivered();
        } catch (KubernetesClientException e) {
            if (e.getCode() == NOT_FOUND) {
                return new Delivery.Dropped("no Kubernetes node named " + action.kubernetesNode());
            }
            return new Delivery.Retry("Kubernetes API: " + e.getMessage());
        }
    }

    Node fenced(Node node, FenceAction action) {
        List<Taint> taints = new ArrayList<>(node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of() : node.getSpec().getTaints());
        boolean ours = taints.removeIf(t -> taintKey.equals(t.getKey()));
        Boolean unschedulable = node.getSpec() == null ? null : node.getSpec().getUnschedulable();
        if (action.cordon()) {
            taints.add(new TaintBuilder().withKey(taintKey).withValue(action.status()).withEffect("NoSchedule").build());
            unschedulable = true;
        } else if (ours) {
            unschedulable = false;
        }
        return new NodeBuilder(node)
                .editOrNewMetadata().addToLabels(statusLabel, action.status()).endMetadata()
                .editOrNewSpec().withTaints(taints).withUnschedulable(unschedulable).endSpec()
                .build();
    }
}

package dev.trustedcompute.attestationmanager.reaction;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fencing against fabric8's KubernetesMockServer in CRUD mode, which stands in for a Kubernetes API server
 * (it stores node objects and applies the client's patches like one).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesNodeFenceTest {
    static final String TAINT = "trustedcompute.dev/attestation-failed";
    static final String LABEL = "trustedcompute.dev/attestation-status";
    static KubernetesClient client;
    final JsonMapper json = JsonMapper.builder().build();
    KubernetesNodeFence fence;

    @BeforeEach
    void nodes() {
        fence = new KubernetesNodeFence(client, json, TAINT, LABEL);
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("edge-1").addToLabels("zone", "a").endMetadata()
                .withNewSpec().addToTaints(new TaintBuilder().withKey("other").withValue("x").withEffect("NoExecute").build())
                .endSpec().build()).createOr(existing -> existing.update());
    }

    @Test
    void deliverWhenCordonThenUnschedulableTaintedAndLabelledKeepingOtherTaintsAndLabels() {
        assertThat(fence.deliver(entry(new FenceAction("edge-1", "edge-1", "ATTESTATION_FAILED", true))))
                .isInstanceOf(Delivery.Delivered.class);
        Node node = client.nodes().withName("edge-1").get();
        assertThat(node.getSpec().getUnschedulable()).isTrue();
        assertThat(node.getSpec().getTaints()).anySatisfy(t -> {
            assertThat(t.getKey()).isEqualTo(TAINT);
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
            assertThat(t.getValue()).isEqualTo("ATTESTATION_FAILED");
        });
        assertThat(node.getSpec().getTaints()).extracting(t -> t.getKey()).containsExactlyInAnyOrder("other", TAINT);
        assertThat(node.getMetadata().getLabels()).containsEntry(LABEL, "ATTESTATION_FAILED").containsEntry("zone", "a");
    }

    @Test
    void deliverWhenLiftedAfterOurCordonThenSchedulableAndUntainted() {
        fence.deliver(entry(new FenceAction("edge-1", "edge-1", "SECURE_BOOT_DISABLED", true)));
        fence.deliver(entry(new FenceAction("edge-1", "edge-1", "VERIFIED", false)));
        Node node = client.nodes().withName("edge-1").get();
        assertThat(node.getSpec().getUnschedulable()).isFalse();
        assertThat(node.getSpec().getTaints()).extracting(t -> t.getKey()).containsExactly("other");
        assertThat(node.getMetadata().getLabels()).containsEntry(LABEL, "VERIFIED");
    }

    @Test
    void deliverWhenAdministratorCordonedWithoutOurTaintThenVerifiedLeavesTheCordon() {
        client.nodes().withName("edge-1").edit(n -> new NodeBuilder(n).editSpec().withUnschedulable(true).endSpec().build());
        fence.deliver(entry(new FenceAction("edge-1", "edge-1", "VERIFIED", false)));
        Node node = client.nodes().withName("edge-1").get();
        assertThat(node.getSpec().getUnschedulable()).isTrue();
        assertThat(node.getMetadata().getLabels()).containsEntry(LABEL, "VERIFIED");
    }

    @Test
    void deliverWhenNodeDoesNotExistThenDropped() {
        assertThat(fence.deliver(entry(new FenceAction("ghost", "ghost", "ATTESTATION_FAILED", true))))
                .isInstanceOf(Delivery.Dropped.class);
    }

    private OutboxEntry entry(FenceAction action) {
        return new OutboxEntry(1, OutboxChannel.KUBERNETES, action.hostId(), json.writeValueAsString(action), 0, Instant.now());
    }
}

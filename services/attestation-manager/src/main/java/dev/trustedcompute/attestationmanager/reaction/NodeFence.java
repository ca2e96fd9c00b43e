package dev.trustedcompute.attestationmanager.reaction;

/** Applies {@link FenceAction}s: to a Kubernetes API server, or (no Kubernetes configured) to the log only. */
public sealed interface NodeFence extends OutboxSink permits KubernetesNodeFence, LoggedNodeFence {
    @Override
    default OutboxChannel channel() {
        return OutboxChannel.KUBERNETES;
    }
}

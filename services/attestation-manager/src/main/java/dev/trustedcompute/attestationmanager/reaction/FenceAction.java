package dev.trustedcompute.attestationmanager.reaction;

/**
 * The desired fencing of one Kubernetes node (the {@link OutboxChannel#KUBERNETES} payload).
 *
 * @param status the status label's value
 * @param cordon true: unschedulable and tainted; false: lift the cordon if (and only if) this manager's taint is on it
 */
public record FenceAction(String hostId, String kubernetesNode, String status, boolean cordon) {

    /** The exact change, for logs: what is (or would be) done to the node object. */
    public String describe(String taintKey, String statusLabel) {
        return cordon
                ? "node " + kubernetesNode + ": set spec.unschedulable=true, add taint " + taintKey + "=" + status
                  + ":NoSchedule, set label " + statusLabel + "=" + status
                : "node " + kubernetesNode + ": set label " + statusLabel + "=" + status + "; if taint " + taintKey
                  + " is present, remove it and set spec.unschedulable=false";
    }
}

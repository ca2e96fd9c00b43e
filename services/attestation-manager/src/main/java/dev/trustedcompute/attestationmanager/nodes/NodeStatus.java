package dev.trustedcompute.attestationmanager.nodes;

/** A node's attestation status, as the inventory and the Kubernetes status label show it. */
public enum NodeStatus {
    /** Known (onboarded, or seen once) but no report decided yet. */
    PENDING,
    /** The latest valid report is trusted, Secure Boot is on and (when required) the disk is encrypted. */
    VERIFIED,
    /** Untrusted report, unencrypted disk, unknown Secure Boot state, or no valid report for 2 x pollDuration. */
    ATTESTATION_FAILED,
    /** The verified event log shows Secure Boot disabled. */
    SECURE_BOOT_DISABLED;

    public boolean failed() {
        return this == ATTESTATION_FAILED || this == SECURE_BOOT_DISABLED;
    }
}

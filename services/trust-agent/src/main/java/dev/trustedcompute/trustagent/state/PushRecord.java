package dev.trustedcompute.trustagent.state;

import dev.trustedcompute.agentprotocol.PushReason;
import java.time.Instant;
import java.util.Objects;

/**
 * The last evidence push HVS acknowledged. A boot id or TPM reset count different from the current one means the
 * node rebooted since, so the agent pushes with reason BOOT.
 *
 * @param bootId     the kernel boot id at the push
 * @param resetCount the TPM resetCount at the push
 */
public record PushRecord(String bootId, long resetCount, Instant pushedAt, PushReason reason, String jobId) {

    public static final String FILE = "last-push.json";

    public PushRecord {
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(pushedAt, "pushedAt");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether the node booted since this push. */
    public boolean bootedSince(String currentBootId, long currentResetCount) {
        return !bootId.equals(currentBootId) || resetCount != currentResetCount;
    }
}

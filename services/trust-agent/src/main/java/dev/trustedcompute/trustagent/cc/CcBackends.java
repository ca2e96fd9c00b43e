package dev.trustedcompute.trustagent.cc;

import dev.trustedcompute.trustagent.AgentContext;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import java.nio.file.Files;

/** Which backend serves the CC Trusted API on this node. */
public enum CcBackends {
    /** TDX when the node is a TD guest ({@code /dev/tdx_guest} present; SNP guests have configfs-tsm too), else the TPM. */
    AUTO,
    TPM,
    TDX;

    public static CcBackends fromLabel(String label) {
        for (CcBackends b : values()) {
            if (b.name().equalsIgnoreCase(label)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown CC backend '" + label + "' (auto, tpm, tdx)");
    }

    public CcBackend open(AgentContext context) throws AgentException {
        return switch (this) {
            case TPM -> {
                AgentTpm tpm = context.agentTpm();
                yield new TpmCcBackend(tpm, context.akManager(tpm), context.eventLogSource());
            }
            case TDX -> new TdxCcBackend(context.paths());
            case AUTO -> (Files.exists(context.paths().tdxGuestDevice()) ? TDX : TPM).open(context);
        };
    }
}

package dev.trustedcompute.trustagent.cc;

import dev.trustedcompute.trustagent.AgentContext;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.tee.AzureHclReportCollector;
import dev.trustedcompute.trustagent.tee.Tee;
import dev.trustedcompute.trustagent.tee.TeeDetector;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import java.nio.file.Files;
import java.util.List;

/** Which backend serves the CC Trusted API on this node. */
public enum CcBackends {
    /**
     * TDX when the node is a TD guest ({@code /dev/tdx_guest} present; SNP guests have configfs-tsm too), Azure when
     * the TPM holds an HCL report (an Azure confidential VM's vTPM), else the TPM.
     */
    AUTO,
    TPM,
    TDX,
    AZURE;

    public static CcBackends fromLabel(String label) {
        for (CcBackends b : values()) {
            if (b.name().equalsIgnoreCase(label)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown CC backend '" + label + "' (auto, tpm, tdx, azure)");
    }

    public CcBackend open(AgentContext context) throws AgentException {
        return switch (this) {
            case TPM -> tpm(context);
            case TDX -> new TdxCcBackend(context.paths());
            case AZURE -> AzureVtpmCcBackend.open(tpm(context), new AzureHclReportCollector(context.agentTpm()));
            case AUTO -> {
                if (Files.exists(context.paths().tdxGuestDevice())) {
                    yield TDX.open(context);
                }
                List<Tee> tees = new TeeDetector(context.paths(), context.agentTpm()).detect();
                boolean azure = tees.contains(Tee.AZ_SNP_VTPM) || tees.contains(Tee.AZ_TDX_VTPM);
                yield (azure ? AZURE : TPM).open(context);
            }
        };
    }

    private static TpmCcBackend tpm(AgentContext context) throws AgentException {
        AgentTpm tpm = context.agentTpm();
        return new TpmCcBackend(tpm, context.akManager(tpm), context.eventLogSource());
    }
}

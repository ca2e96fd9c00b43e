package dev.trustedcompute.trustagent.tee;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.hostinfo.SystemPaths;
import java.nio.file.Files;
import java.util.Optional;

/**
 * SEV-SNP evidence of this guest: an attestation report with the caller's 64-byte report data and, when the host
 * supplies them, the certificate table (VCEK/VLEK, ASK, ARK), through configfs-tsm (provider {@code sev_guest}).
 */
public final class SnpCollector {

    /**
     * @param report       the 1184-byte attestation report
     * @param certificates the GUID certificate table of the extended report, when the host provisioned one
     */
    public record SnpEvidence(byte[] report, Optional<byte[]> certificates) {
    }

    private final SystemPaths paths;
    private final ConfigfsTsm tsm;

    public SnpCollector(SystemPaths paths) {
        this.paths = paths;
        this.tsm = new ConfigfsTsm(paths.tsmReports());
    }

    public SnpEvidence report(byte[] reportData) throws AgentException {
        TsmChecks.reportData(reportData);
        if (!tsm.available()) {
            throw new AgentException(Failure.TEE_UNAVAILABLE, Files.exists(paths.sevGuestDevice())
                    ? "this SNP guest has " + paths.sevGuestDevice() + " but no configfs-tsm at " + paths.tsmReports()
                      + ": the agent needs Linux 6.7+ with configfs mounted (the SNP_GET_EXT_REPORT ioctl is not used)"
                    : "not an SEV-SNP guest: neither " + paths.sevGuestDevice() + " nor " + paths.tsmReports()
                      + " exists");
        }
        ConfigfsTsm.Report report = tsm.generate(reportData);
        TsmChecks.provider(report, "sev_guest");
        byte[] bound;
        try {
            bound = SnpReport.parse(report.outblob()).reportData();
        } catch (EvidenceFormatException e) {
            throw new AgentException(Failure.TEE_UNAVAILABLE, "configfs-tsm returned no SNP report: " + e.getMessage(),
                    e);
        }
        TsmChecks.bound("SNP report", bound, reportData);
        return new SnpEvidence(report.outblob(), report.auxblob());
    }
}

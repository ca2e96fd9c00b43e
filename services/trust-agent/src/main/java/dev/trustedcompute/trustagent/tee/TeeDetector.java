package dev.trustedcompute.trustagent.tee;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.hostinfo.SystemPaths;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which evidence kinds this node can produce: {@code tpm} when the TPM answers, {@code tdx} / {@code snp} when
 * the guest device exists, {@code az-snp-vtpm} / {@code az-tdx-vtpm} when the vTPM holds an Azure HCL report.
 */
public final class TeeDetector {

    private static final System.Logger LOG = System.getLogger(TeeDetector.class.getName());

    private final SystemPaths paths;
    private final AgentTpm tpm;

    public TeeDetector(SystemPaths paths, AgentTpm tpm) {
        this.paths = paths;
        this.tpm = tpm;
    }

    public List<Tee> detect() {
        List<Tee> found = new ArrayList<>();
        try {
            tpm.clock();
            found.add(Tee.TPM);
            azure().ifPresent(found::add);
        } catch (AgentException e) {
            LOG.log(System.Logger.Level.WARNING, "no TPM evidence on this node: {0}", e.getMessage());
        }
        if (Files.exists(paths.tdxGuestDevice())) {
            found.add(Tee.TDX);
        }
        if (Files.exists(paths.sevGuestDevice())) {
            found.add(Tee.SNP);
        }
        return found;
    }

    private Optional<Tee> azure() throws AgentException {
        Optional<byte[]> report = tpm.nvRead(AzureHclReportCollector.HCL_REPORT_INDEX);
        if (report.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(HclReport.parse(report.get()).type() == HclReport.Type.SNP
                    ? Tee.AZ_SNP_VTPM : Tee.AZ_TDX_VTPM);
        } catch (EvidenceFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "NV index 0x{0} holds no Azure HCL report: {1}",
                    Integer.toHexString(AzureHclReportCollector.HCL_REPORT_INDEX), e.getMessage());
            return Optional.empty();
        }
    }

    public static List<String> labels(List<Tee> tees) {
        return tees.stream().map(Tee::label).toList();
    }
}

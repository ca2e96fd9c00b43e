package dev.trustedcompute.trustagent.tee;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import java.util.Optional;

/**
 * Reads the HCL report of an Azure confidential VM (SNP or TDX under a paravisor) from the vTPM. With user data
 * the report is first refreshed: the paravisor regenerates NV index 0x01400001 after a write of up to 64 bytes to
 * 0x01400002, binding the user data in the report's runtime claims.
 */
public final class AzureHclReportCollector {

    /** NV index of the HCL report. */
    public static final int HCL_REPORT_INDEX = 0x01400001;
    /** NV index whose write makes the paravisor refresh the report with the written user data. */
    public static final int USER_DATA_INDEX = 0x01400002;
    private static final int MAX_USER_DATA = 64;

    private final AgentTpm tpm;

    public AzureHclReportCollector(AgentTpm tpm) {
        this.tpm = tpm;
    }

    /** The raw HCL report (checked to parse), after writing {@code userData} when given. */
    public byte[] collect(Optional<byte[]> userData) throws AgentException {
        if (userData.isPresent()) {
            if (userData.get().length > MAX_USER_DATA) {
                throw new AgentException(Failure.BAD_INPUT, "Azure HCL user data is at most " + MAX_USER_DATA
                        + " bytes, not " + userData.get().length);
            }
            if (!tpm.nvWrite(USER_DATA_INDEX, userData.get())) {
                throw absent(USER_DATA_INDEX);
            }
        }
        byte[] report = tpm.nvRead(HCL_REPORT_INDEX).orElseThrow(() -> absent(HCL_REPORT_INDEX));
        try {
            HclReport.parse(report);
        } catch (EvidenceFormatException e) {
            throw new AgentException(Failure.TEE_UNAVAILABLE, "NV index 0x" + Integer.toHexString(HCL_REPORT_INDEX)
                    + " holds no Azure HCL report: " + e.getMessage(), e);
        }
        return report;
    }

    private AgentException absent(int index) {
        return new AgentException(Failure.TEE_UNAVAILABLE, "no Azure vTPM HCL report: NV index 0x"
                + Integer.toHexString(index) + " is not defined on " + tpm.endpoint()
                + " (this is not an Azure confidential VM)");
    }
}

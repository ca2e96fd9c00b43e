package dev.trustedcompute.trustagent.tee;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An Azure confidential VM's HCL report, as the paravisor leaves it in vTPM NV index 0x01400001 (layout of
 * kinvolk/azure-cvm-tooling {@code az-cvm-vtpm/src/hcl}, little-endian):
 * <pre>
 *   header   32 B  signature "HCLA", version, report_size, request_type, status, reserved[3]
 *   hardware 1184 B  SNP attestation report, or TDREPORT (1024 B) padded
 *   IGVM request data  data_size, version, report_type (2 = SNP, 4 = TDX), report_data_hash_type, variable_data_size
 *   variable data      JSON: HCLAkPub / HCLEkPub JWKs, vm-configuration, user-data
 * </pre>
 * The hardware report's report_data binds SHA-256(variable data). Only parsed far enough for the agent to know
 * what it collected; verification is the verifier's job.
 *
 * @param type           which hardware report is inside
 * @param hardwareReport the SNP report (1184 B) or TDREPORT (1024 B)
 * @param variableData   the runtime claims JSON the hardware report binds
 */
public record HclReport(Type type, byte[] hardwareReport, byte[] variableData) {

    public enum Type { SNP, TDX }

    private static final int SIGNATURE = 0x414c4348; // "HCLA" read little-endian
    private static final int HEADER = 32;
    private static final int HARDWARE_REPORT = 1184;
    private static final int TDREPORT = 1024;
    private static final int REQUEST_DATA = 20;

    public static HclReport parse(byte[] report) throws EvidenceFormatException {
        if (report.length < HEADER + HARDWARE_REPORT + REQUEST_DATA) {
            throw new EvidenceFormatException(0, "HCL report", report.length + " bytes, shorter than header, hardware "
                    + "report and request data (" + (HEADER + HARDWARE_REPORT + REQUEST_DATA) + ")");
        }
        ByteBuffer in = ByteBuffer.wrap(report).order(ByteOrder.LITTLE_ENDIAN);
        if (in.getInt(0) != SIGNATURE) {
            throw new EvidenceFormatException(0, "HCL report signature", String.format("0x%08x, expected \"HCLA\"",
                    in.getInt(0)));
        }
        int requestData = HEADER + HARDWARE_REPORT;
        int reportType = in.getInt(requestData + 8);
        long variableSize = Integer.toUnsignedLong(in.getInt(requestData + 16));
        Type type = switch (reportType) {
            case 2 -> Type.SNP;
            case 4 -> Type.TDX;
            default -> throw new EvidenceFormatException(requestData + 8, "HCL report_type", reportType
                    + " is neither 2 (SNP) nor 4 (TDX)");
        };
        int variable = requestData + REQUEST_DATA;
        if (variableSize > report.length - variable) {
            throw new EvidenceFormatException(requestData + 16, "HCL variable_data_size", variableSize
                    + " bytes overrun the " + report.length + "-byte report");
        }
        int hardwareLength = type == Type.SNP ? HARDWARE_REPORT : TDREPORT;
        return new HclReport(type, Arrays.copyOfRange(report, HEADER, HEADER + hardwareLength),
                Arrays.copyOfRange(report, variable, variable + (int) variableSize));
    }
}

package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import java.util.Arrays;

/**
 * An Azure confidential VM's HCL attestation report (the vTPM NV index 0x01400001, as read by
 * {@code tpm2_nvread}, kinvolk/azure-cvm-tooling {@code az-cvm-vtpm/src/hcl}), parsed but <b>not verified</b>.
 * Little-endian:
 * <pre>
 *    0 u32  signature              "HCLA" (0x414c4348)
 *    4 u32  version                1 or 2
 *    8 u32  report_size            bytes used from offset 0: 1236 + variable_data_size
 *   12 u32  request_type
 *   16 u32  status
 *   20 3xu32 reserved              zero
 *   32 1184 hw_report              SEV-SNP ATTESTATION_REPORT (1184 bytes), or TDREPORT (1024) + 160 zero bytes
 * 1216 u32  data_size              IgvmRequestData: 20 + variable_data_size
 * 1220 u32  version                1
 * 1224 u32  report_type            2 = SNP, 4 = TDX
 * 1228 u32  report_data_hash_type  {@link HclHashType}
 * 1232 u32  variable_data_size
 * 1236 var  variable_data          the {@link RuntimeData} JSON
 *  ... zero padding up to the size of the NV index (2600 bytes on current Azure VMs)
 * </pre>
 * Every length is checked against the others and the input; non-zero bytes after {@code report_size} are
 * rejected, as they would be covered by nothing. The bytes received are kept.
 */
public final class HclReport {

    /** "HCLA" read as a little-endian u32. */
    public static final long SIGNATURE = 0x414c4348L;
    public static final int HEADER_SIZE = 32;
    public static final int HW_REPORT_SIZE = SnpReport.SIZE;
    public static final int REQUEST_DATA_OFFSET = HEADER_SIZE + HW_REPORT_SIZE;
    public static final int REQUEST_DATA_HEADER_SIZE = 20;
    public static final int RUNTIME_DATA_OFFSET = REQUEST_DATA_OFFSET + REQUEST_DATA_HEADER_SIZE;
    /** Far above the 2600-byte NV index; bounds what a hostile input can make us hash and parse. */
    public static final int MAX_SIZE = 32 * 1024;
    static final int REPORT_TYPE_SNP = 2;
    static final int REPORT_TYPE_TDX = 4;

    private final byte[] raw;
    private final int version;
    private final long requestType;
    private final long status;
    private final HclHashType hashType;
    private final HclHardwareReport hardwareReport;
    private final RuntimeData runtimeData;

    private HclReport(byte[] raw, int version, long requestType, long status, HclHashType hashType,
            HclHardwareReport hardwareReport, RuntimeData runtimeData) {
        this.raw = raw;
        this.version = version;
        this.requestType = requestType;
        this.status = status;
        this.hashType = hashType;
        this.hardwareReport = hardwareReport;
        this.runtimeData = runtimeData;
    }

    /** Parses a whole HCL report (with or without the NV index's zero padding); the array is copied. */
    public static HclReport parse(byte[] report) throws EvidenceFormatException {
        if (report.length > MAX_SIZE) {
            throw new EvidenceFormatException(0, "HCL report", report.length + " bytes exceed the maximum " + MAX_SIZE);
        }
        byte[] raw = report.clone();
        ByteReader in = ByteReader.littleEndian(raw);
        long signature = in.u32("header.signature");
        if (signature != SIGNATURE) {
            throw new EvidenceFormatException(0, "header.signature", String.format("0x%08x is not 'HCLA'", signature));
        }
        long version = in.u32("header.version");
        if (version < 1 || version > 2) {
            throw new EvidenceFormatException(4, "header.version", version + " is not 1 or 2");
        }
        int reportSizeAt = in.position();
        long reportSize = in.u32("header.report_size");
        long requestType = in.u32("header.request_type");
        long status = in.u32("header.status");
        zeros(in, 12, "header.reserved");
        byte[] hw = in.bytes(HW_REPORT_SIZE, "hw_report");
        long dataSize = in.u32("IgvmRequestData.data_size");
        long requestVersion = in.u32("IgvmRequestData.version");
        if (requestVersion != 1) {
            throw new EvidenceFormatException(REQUEST_DATA_OFFSET + 4, "IgvmRequestData.version",
                    requestVersion + " is not 1");
        }
        int reportTypeAt = in.position();
        long reportType = in.u32("IgvmRequestData.report_type");
        int hashAt = in.position();
        HclHashType hashType = HclHashType.fromCode(in.u32("IgvmRequestData.report_data_hash_type"), hashAt);
        int runtimeSize = in.length32("IgvmRequestData.variable_data_size", MAX_SIZE);
        if (dataSize != REQUEST_DATA_HEADER_SIZE + (long) runtimeSize) {
            throw new EvidenceFormatException(REQUEST_DATA_OFFSET, "IgvmRequestData.data_size", dataSize
                    + " is not " + REQUEST_DATA_HEADER_SIZE + " + variable_data_size " + runtimeSize);
        }
        if (reportSize != RUNTIME_DATA_OFFSET + (long) runtimeSize) {
            throw new EvidenceFormatException(reportSizeAt, "header.report_size", reportSize + " is not "
                    + RUNTIME_DATA_OFFSET + " + variable_data_size " + runtimeSize);
        }
        byte[] runtime = in.bytes(runtimeSize, "variable_data");
        zeros(in, in.remaining(), "padding after report_size");
        HclHardwareReport hardware = switch ((int) Math.min(reportType, Integer.MAX_VALUE)) {
            case REPORT_TYPE_SNP -> new HclHardwareReport.Snp(SnpReport.parse(hw));
            case REPORT_TYPE_TDX -> {
                byte[] tail = Arrays.copyOfRange(hw, TdReport.SIZE, hw.length);
                zeros(ByteReader.littleEndian(tail), tail.length, "hw_report padding after the TDREPORT");
                yield new HclHardwareReport.Tdx(TdReport.parse(Arrays.copyOf(hw, TdReport.SIZE)));
            }
            default -> throw new EvidenceFormatException(reportTypeAt, "IgvmRequestData.report_type",
                    reportType + " is not 2 (SNP) or 4 (TDX)");
        };
        return new HclReport(raw, (int) version, requestType, status, hashType, hardware, RuntimeData.parse(runtime));
    }

    private static void zeros(ByteReader in, int length, String field) throws EvidenceFormatException {
        int at = in.position();
        byte[] bytes = in.bytes(length, field);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                throw new EvidenceFormatException(at + i, field, "must be zero");
            }
        }
    }

    /** The report as received, padding included (a copy). */
    public byte[] rawBytes() {
        return raw.clone();
    }

    /** Header version (1 or 2). */
    public int version() {
        return version;
    }

    public long requestType() {
        return requestType;
    }

    public long status() {
        return status;
    }

    /** Bytes in use: header, hardware report, request data and runtime data. */
    public int reportSize() {
        return RUNTIME_DATA_OFFSET + runtimeData.bytes().length;
    }

    /** The hash the HCL put over the runtime data into the hardware report. */
    public HclHashType hashType() {
        return hashType;
    }

    public HclHardwareReport hardwareReport() {
        return hardwareReport;
    }

    public RuntimeData runtimeData() {
        return runtimeData;
    }

    /**
     * What the hardware REPORT_DATA must be when it binds the runtime data: the runtime-data hash followed by
     * zeros up to 64 bytes (the HCL's placement).
     */
    public byte[] expectedReportData() {
        return Arrays.copyOf(hashType.digest(runtimeData.bytes()), 64);
    }

    @Override
    public String toString() {
        return "HclReport[v" + version + ", " + hardwareReport.getClass().getSimpleName() + ", " + hashType + ", "
                + runtimeData + "]";
    }
}

package dev.trustedcompute.tpmquote.tdx;

/**
 * The Quoting Enclave's SGX REPORT body (384 bytes, SGX_REPORT_BODY), signed by the PCK key:
 * <pre>
 *   0 CPUSVN 16, 16 MISCSELECT u32, 20 reserved 28, 48 ATTRIBUTES 16, 64 MRENCLAVE 32, 96 reserved 32,
 * 128 MRSIGNER 32, 160 reserved 96, 256 ISVPRODID u16, 258 ISVSVN u16, 260 reserved 60, 320 REPORTDATA 64
 * </pre>
 * REPORTDATA[0..32] must be SHA-256(attestation key || QE authentication data), the rest zero.
 */
public record QeReport(byte[] cpuSvn, long miscSelect, byte[] attributes, byte[] mrEnclave, byte[] mrSigner,
                       int isvProdId, int isvSvn, byte[] reportData, byte[] raw) {

    public static final int SIZE = 384;

    public QeReport {
        cpuSvn = cpuSvn.clone();
        attributes = attributes.clone();
        mrEnclave = mrEnclave.clone();
        mrSigner = mrSigner.clone();
        reportData = reportData.clone();
        raw = raw.clone();
    }

    @Override public byte[] cpuSvn() { return cpuSvn.clone(); }
    @Override public byte[] attributes() { return attributes.clone(); }
    @Override public byte[] mrEnclave() { return mrEnclave.clone(); }
    @Override public byte[] mrSigner() { return mrSigner.clone(); }
    @Override public byte[] reportData() { return reportData.clone(); }

    /** The 384 bytes as received: what the QE report signature covers. */
    @Override public byte[] raw() { return raw.clone(); }
}

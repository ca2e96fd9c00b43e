package dev.trustedcompute.tpmquote.tdx;

import java.util.List;
import java.util.Optional;

/**
 * TD quote body (Intel TDX DCAP Quoting Library API, "TD Quote Body"), 584 bytes for TD 1.0 and 648 for TD 1.5:
 * <pre>
 *   0  TEE_TCB_SVN     16    TDX module SVN array ([0] module SVN, [1] module major version)
 *  16  MRSEAM          48
 *  64  MRSIGNERSEAM    48
 * 112  SEAMATTRIBUTES   8
 * 120  TDATTRIBUTES     8    bit 0 = DEBUG, bit 28 = SEPT_VE_DISABLE, 30 = PKS, 31 = KL, 63 = PERFMON
 * 128  XFAM             8
 * 136  MRTD            48
 * 184  MRCONFIGID      48
 * 232  MROWNER         48
 * 280  MROWNERCONFIG   48
 * 328  RTMR0..RTMR3  4x48
 * 520  REPORTDATA      64
 * --- TD 1.5 only ---
 * 584  TEE_TCB_SVN2    16
 * 600  MRSERVICETD     48
 * </pre>
 * Byte arrays are exactly as in the quote (multi-byte fields stay little-endian), which is also how
 * Trustee prints them as hex.
 */
public record TdReportBody(TdxBodyType type, byte[] teeTcbSvn, byte[] mrSeam, byte[] mrSignerSeam,
                           byte[] seamAttributes, byte[] tdAttributes, byte[] xfam, byte[] mrTd,
                           byte[] mrConfigId, byte[] mrOwner, byte[] mrOwnerConfig, List<byte[]> rtmrs,
                           byte[] reportData, Optional<byte[]> teeTcbSvn2, Optional<byte[]> mrServiceTd) {

    public static final int TD10_SIZE = 584;
    public static final int TD15_SIZE = 648;

    public TdReportBody {
        teeTcbSvn = teeTcbSvn.clone();
        mrSeam = mrSeam.clone();
        mrSignerSeam = mrSignerSeam.clone();
        seamAttributes = seamAttributes.clone();
        tdAttributes = tdAttributes.clone();
        xfam = xfam.clone();
        mrTd = mrTd.clone();
        mrConfigId = mrConfigId.clone();
        mrOwner = mrOwner.clone();
        mrOwnerConfig = mrOwnerConfig.clone();
        rtmrs = rtmrs.stream().map(byte[]::clone).toList();
        reportData = reportData.clone();
        teeTcbSvn2 = teeTcbSvn2.map(byte[]::clone);
        mrServiceTd = mrServiceTd.map(byte[]::clone);
    }

    @Override public byte[] teeTcbSvn() { return teeTcbSvn.clone(); }
    @Override public byte[] mrSeam() { return mrSeam.clone(); }
    @Override public byte[] mrSignerSeam() { return mrSignerSeam.clone(); }
    @Override public byte[] seamAttributes() { return seamAttributes.clone(); }
    @Override public byte[] tdAttributes() { return tdAttributes.clone(); }
    @Override public byte[] xfam() { return xfam.clone(); }
    @Override public byte[] mrTd() { return mrTd.clone(); }
    @Override public byte[] mrConfigId() { return mrConfigId.clone(); }
    @Override public byte[] mrOwner() { return mrOwner.clone(); }
    @Override public byte[] mrOwnerConfig() { return mrOwnerConfig.clone(); }
    @Override public List<byte[]> rtmrs() { return rtmrs.stream().map(byte[]::clone).toList(); }
    @Override public byte[] reportData() { return reportData.clone(); }
    @Override public Optional<byte[]> teeTcbSvn2() { return teeTcbSvn2.map(byte[]::clone); }
    @Override public Optional<byte[]> mrServiceTd() { return mrServiceTd.map(byte[]::clone); }

    public byte[] rtmr(int index) {
        return rtmrs.get(index).clone();
    }

    /** TDATTRIBUTES as the little-endian 64-bit value the TDX module defines bits on. */
    public long tdAttributesValue() {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (tdAttributes[i] & 0xff);
        }
        return v;
    }

    /** TDATTRIBUTES.DEBUG (bit 0): a debuggable TD offers no confidentiality. */
    public boolean debug() {
        return (tdAttributesValue() & 1L) != 0;
    }
}

package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.List;

/**
 * A TDREPORT_STRUCT (Intel TDX Module ABI spec, "TDREPORT_STRUCT"), as the Azure HCL embeds it, parsed but
 * <b>not verified</b>: it is MACed for the local platform only, so nothing here is trustworthy by itself. It
 * counts only through the TD quote made from it ({@link AzureVtpmVerifier} checks that they agree).
 * 1024 bytes, little-endian:
 * <pre>
 * REPORTMACSTRUCT (256)
 *   0x000 u8   REPORTTYPE.TYPE      0x81 = TDX
 *   0x001 u8   REPORTTYPE.SUBTYPE
 *   0x002 u8   REPORTTYPE.VERSION
 *   0x003 u8   reserved
 *   0x004 12   reserved
 *   0x010 16   CPUSVN
 *   0x020 48   TEE_TCB_INFO_HASH
 *   0x050 48   TEE_INFO_HASH
 *   0x080 64   REPORTDATA
 *   0x0C0 32   reserved
 *   0x0E0 32   MAC
 * TEE_TCB_INFO (239)
 *   0x100 8    VALID
 *   0x108 16   TEE_TCB_SVN
 *   0x118 48   MRSEAM
 *   0x148 48   MRSIGNERSEAM
 *   0x178 8    ATTRIBUTES           (SEAM attributes)
 *   0x180 111  TEE_TCB_SVN2 and reserved (TDX-module version specific, not interpreted)
 * 0x1EF 17   reserved
 * TDINFO (512)
 *   0x200 8    ATTRIBUTES           (TD attributes)
 *   0x208 8    XFAM
 *   0x210 48   MRTD
 *   0x240 48   MRCONFIGID
 *   0x270 48   MROWNER
 *   0x2A0 48   MROWNERCONFIG
 *   0x2D0 4x48 RTMR0..3
 *   0x390 112  SERVTD_HASH and reserved (not interpreted)
 * </pre>
 *
 * @param type      REPORTTYPE.TYPE (always 0x81 after parsing)
 * @param subtype   REPORTTYPE.SUBTYPE
 * @param version   REPORTTYPE.VERSION
 * @param reportData REPORTDATA, 64 bytes
 */
public record TdReport(int type, int subtype, int version, byte[] cpuSvn, byte[] reportData, byte[] teeTcbSvn,
                       byte[] mrSeam, byte[] mrSignerSeam, byte[] seamAttributes, byte[] tdAttributes, byte[] xfam,
                       byte[] mrTd, byte[] mrConfigId, byte[] mrOwner, byte[] mrOwnerConfig, List<byte[]> rtmrs) {

    public static final int SIZE = 1024;
    /** REPORTTYPE.TYPE of a TDX TDREPORT. */
    public static final int TYPE_TDX = 0x81;

    public TdReport {
        cpuSvn = cpuSvn.clone();
        reportData = reportData.clone();
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
    }

    /** Parses exactly {@value #SIZE} bytes; anything else, or a REPORTTYPE other than TDX, is malformed. */
    public static TdReport parse(byte[] bytes) throws EvidenceFormatException {
        if (bytes.length != SIZE) {
            throw new EvidenceFormatException(0, "TDREPORT", "must be " + SIZE + " bytes, got " + bytes.length);
        }
        ByteReader in = ByteReader.littleEndian(bytes);
        int type = in.u8("REPORTTYPE.TYPE");
        if (type != TYPE_TDX) {
            throw new EvidenceFormatException(0, "REPORTTYPE.TYPE", String.format("0x%02x is not TDX (0x81)", type));
        }
        int subtype = in.u8("REPORTTYPE.SUBTYPE");
        int version = in.u8("REPORTTYPE.VERSION");
        in.skip(1 + 12, "REPORTMACSTRUCT.reserved");
        byte[] cpuSvn = in.bytes(16, "CPUSVN");
        in.skip(48 + 48, "TEE_TCB_INFO_HASH, TEE_INFO_HASH");
        byte[] reportData = in.bytes(64, "REPORTDATA");
        in.skip(32 + 32, "REPORTMACSTRUCT.reserved, MAC");
        in.skip(8, "TEE_TCB_INFO.VALID");
        byte[] teeTcbSvn = in.bytes(16, "TEE_TCB_INFO.TEE_TCB_SVN");
        byte[] mrSeam = in.bytes(48, "TEE_TCB_INFO.MRSEAM");
        byte[] mrSignerSeam = in.bytes(48, "TEE_TCB_INFO.MRSIGNERSEAM");
        byte[] seamAttributes = in.bytes(8, "TEE_TCB_INFO.ATTRIBUTES");
        in.skip(111 + 17, "TEE_TCB_INFO.reserved, reserved");
        byte[] tdAttributes = in.bytes(8, "TDINFO.ATTRIBUTES");
        byte[] xfam = in.bytes(8, "TDINFO.XFAM");
        byte[] mrTd = in.bytes(48, "TDINFO.MRTD");
        byte[] mrConfigId = in.bytes(48, "TDINFO.MRCONFIGID");
        byte[] mrOwner = in.bytes(48, "TDINFO.MROWNER");
        byte[] mrOwnerConfig = in.bytes(48, "TDINFO.MROWNERCONFIG");
        List<byte[]> rtmrs = List.of(in.bytes(48, "TDINFO.RTMR0"), in.bytes(48, "TDINFO.RTMR1"),
                in.bytes(48, "TDINFO.RTMR2"), in.bytes(48, "TDINFO.RTMR3"));
        in.skip(112, "TDINFO.reserved");
        in.expectEnd("TDREPORT");
        return new TdReport(type, subtype, version, cpuSvn, reportData, teeTcbSvn, mrSeam, mrSignerSeam,
                seamAttributes, tdAttributes, xfam, mrTd, mrConfigId, mrOwner, mrOwnerConfig, rtmrs);
    }

    @Override public byte[] cpuSvn() { return cpuSvn.clone(); }
    @Override public byte[] reportData() { return reportData.clone(); }
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
}

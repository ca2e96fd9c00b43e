package dev.trustedcompute.tpmquote.snp;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An SEV-SNP ATTESTATION_REPORT (AMD SEV-SNP Firmware ABI spec, "ATTESTATION_REPORT Structure"), parsed but
 * <b>not verified</b>: nothing here is trustworthy until {@link SnpVerifier#verify} returns a
 * {@link VerifiedSnpReport}. 0x4A0 bytes, little-endian:
 * <pre>
 *   0x000 u32  VERSION            2, 3, 4 or 5
 *   0x004 u32  GUEST_SVN
 *   0x008 u64  POLICY             see {@link SnpPolicy}
 *   0x010 16   FAMILY_ID
 *   0x020 16   IMAGE_ID
 *   0x030 u32  VMPL
 *   0x034 u32  SIGNATURE_ALGO     1 = ECDSA P-384 with SHA-384
 *   0x038 u64  CURRENT_TCB
 *   0x040 u64  PLATFORM_INFO      see {@link PlatformInfo}
 *   0x048 u32  bit 0 AUTHOR_KEY_EN, bit 1 MASK_CHIP_KEY, bits 4:2 SIGNING_KEY, bits 31:5 reserved (zero)
 *   0x04C u32  reserved (zero)
 *   0x050 64   REPORT_DATA
 *   0x090 48   MEASUREMENT
 *   0x0C0 32   HOST_DATA
 *   0x0E0 48   ID_KEY_DIGEST
 *   0x110 48   AUTHOR_KEY_DIGEST
 *   0x140 32   REPORT_ID
 *   0x160 32   REPORT_ID_MA
 *   0x180 u64  REPORTED_TCB
 *   0x188 u8   CPUID_FAM_ID       version 3+ (reserved in version 2)
 *   0x189 u8   CPUID_MOD_ID       version 3+
 *   0x18A u8   CPUID_STEP         version 3+
 *   0x18B 21   reserved (zero)
 *   0x1A0 64   CHIP_ID            zero when MaskChipId is set; on Turin only the first 8 bytes are used
 *   0x1E0 u64  COMMITTED_TCB
 *   0x1E8 u8×3 CURRENT_BUILD, CURRENT_MINOR, CURRENT_MAJOR; 0x1EB reserved (zero)
 *   0x1EC u8×3 COMMITTED_BUILD, COMMITTED_MINOR, COMMITTED_MAJOR; 0x1EF reserved (zero)
 *   0x1F0 u64  LAUNCH_TCB
 *   0x1F8 u64  LAUNCH_MIT_VECTOR  version 5+ (reserved before)
 *   0x200 u64  CURRENT_MIT_VECTOR version 5+ (reserved before)
 *   0x208 152  reserved (zero)
 *   0x2A0 512  SIGNATURE          over bytes 0x000-0x29F; for algorithm 1: R (72, LE), S (72, LE), reserved
 * </pre>
 * Versions 0 and 1 predate this layout and versions above 5 are not defined yet: both are rejected.
 * Reserved areas are checked where the spec fixes them to zero. Version 4 reports are documented
 * inconsistently (some firmware fills the mitigation vectors already), so for version 4 the 16 bytes at
 * 0x1F8 are neither interpreted nor rejected; they are still covered by the signature.
 * <p>The bytes received are kept; {@link #signedBytes()} is what the signature is checked over.
 */
public final class SnpReport {

    public static final int SIZE = 0x4A0;
    public static final int SIGNED_LENGTH = 0x2A0;
    public static final int MIN_VERSION = 2;
    public static final int MAX_VERSION = 5;
    /** SIGNATURE_ALGO value for ECDSA P-384 with SHA-384, the only algorithm the spec defines. */
    public static final long ECDSA_P384_SHA384 = 1;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] raw;
    private final int version;
    private final long guestSvn;
    private final SnpPolicy policy;
    private final byte[] familyId;
    private final byte[] imageId;
    private final long vmpl;
    private final long signatureAlgorithm;
    private final TcbVersion currentTcb;
    private final PlatformInfo platformInfo;
    private final boolean authorKeyEnabled;
    private final boolean maskChipKey;
    private final SigningKey signingKey;
    private final byte[] reportData;
    private final byte[] measurement;
    private final byte[] hostData;
    private final byte[] idKeyDigest;
    private final byte[] authorKeyDigest;
    private final byte[] reportId;
    private final byte[] reportIdMa;
    private final TcbVersion reportedTcb;
    private final Optional<Cpuid> cpuid;
    private final byte[] chipId;
    private final TcbVersion committedTcb;
    private final FirmwareVersion currentVersion;
    private final FirmwareVersion committedVersion;
    private final TcbVersion launchTcb;
    private final OptionalLong launchMitigationVector;
    private final OptionalLong currentMitigationVector;
    private final byte[] signature;

    private SnpReport(byte[] raw) throws EvidenceFormatException {
        this.raw = raw;
        ByteReader in = ByteReader.littleEndian(raw);
        long versionField = in.u32("VERSION");
        if (versionField < MIN_VERSION) {
            throw new EvidenceFormatException(0, "VERSION", "report version " + versionField
                    + " predates the SEV-SNP report layout (supported: " + MIN_VERSION + "-" + MAX_VERSION + ")");
        }
        if (versionField > MAX_VERSION) {
            throw new EvidenceFormatException(0, "VERSION", "unknown report version " + versionField
                    + " (supported: " + MIN_VERSION + "-" + MAX_VERSION + ")");
        }
        this.version = (int) versionField;
        this.guestSvn = in.u32("GUEST_SVN");
        int policyAt = in.position();
        this.policy = SnpPolicy.decode(in.u64("POLICY"), policyAt);
        this.familyId = in.bytes(16, "FAMILY_ID");
        this.imageId = in.bytes(16, "IMAGE_ID");
        this.vmpl = in.u32("VMPL");
        this.signatureAlgorithm = in.u32("SIGNATURE_ALGO");
        this.currentTcb = new TcbVersion(in.u64("CURRENT_TCB"));
        this.platformInfo = PlatformInfo.decode(in.u64("PLATFORM_INFO"));
        int keyInfoAt = in.position();
        long keyInfo = in.u32("KEY_INFO");
        if ((keyInfo >>> 5) != 0) {
            throw new EvidenceFormatException(keyInfoAt, "KEY_INFO",
                    "reserved bits 31:5 must be zero (0x" + Long.toHexString(keyInfo) + ")");
        }
        this.authorKeyEnabled = (keyInfo & 1) != 0;
        this.maskChipKey = (keyInfo & 2) != 0;
        this.signingKey = switch ((int) ((keyInfo >>> 2) & 7)) {
            case 0 -> SigningKey.VCEK;
            case 1 -> SigningKey.VLEK;
            case 7 -> SigningKey.NONE;
            default -> throw new EvidenceFormatException(keyInfoAt, "KEY_INFO.SIGNING_KEY",
                    "reserved signing key value " + ((keyInfo >>> 2) & 7));
        };
        zeros(in, 4, "reserved 0x4C");
        this.reportData = in.bytes(64, "REPORT_DATA");
        this.measurement = in.bytes(48, "MEASUREMENT");
        this.hostData = in.bytes(32, "HOST_DATA");
        this.idKeyDigest = in.bytes(48, "ID_KEY_DIGEST");
        this.authorKeyDigest = in.bytes(48, "AUTHOR_KEY_DIGEST");
        this.reportId = in.bytes(32, "REPORT_ID");
        this.reportIdMa = in.bytes(32, "REPORT_ID_MA");
        this.reportedTcb = new TcbVersion(in.u64("REPORTED_TCB"));
        if (version >= 3) {
            this.cpuid = Optional.of(new Cpuid(in.u8("CPUID_FAM_ID"), in.u8("CPUID_MOD_ID"), in.u8("CPUID_STEP")));
            zeros(in, 21, "reserved 0x18B");
        } else {
            this.cpuid = Optional.empty();
            zeros(in, 24, "reserved 0x188");
        }
        this.chipId = in.bytes(64, "CHIP_ID");
        this.committedTcb = new TcbVersion(in.u64("COMMITTED_TCB"));
        this.currentVersion = firmwareVersion(in, "CURRENT");
        zeros(in, 1, "reserved 0x1EB");
        this.committedVersion = firmwareVersion(in, "COMMITTED");
        zeros(in, 1, "reserved 0x1EF");
        this.launchTcb = new TcbVersion(in.u64("LAUNCH_TCB"));
        if (version >= 5) {
            this.launchMitigationVector = OptionalLong.of(in.u64("LAUNCH_MIT_VECTOR"));
            this.currentMitigationVector = OptionalLong.of(in.u64("CURRENT_MIT_VECTOR"));
        } else {
            this.launchMitigationVector = OptionalLong.empty();
            this.currentMitigationVector = OptionalLong.empty();
            if (version == 4) {
                in.skip(16, "0x1F8 (version 4: unspecified)");
            } else {
                zeros(in, 16, "reserved 0x1F8");
            }
        }
        zeros(in, 152, "reserved 0x208");
        this.signature = in.bytes(512, "SIGNATURE");
        in.expectEnd("ATTESTATION_REPORT");
    }

    /**
     * Parses exactly one report of {@value #SIZE} bytes. The only exception for bad input is
     * {@link EvidenceFormatException}; the array is copied.
     */
    public static SnpReport parse(byte[] report) throws EvidenceFormatException {
        if (report == null) {
            throw new EvidenceFormatException("ATTESTATION_REPORT", "missing");
        }
        if (report.length != SIZE) {
            throw new EvidenceFormatException(0, "ATTESTATION_REPORT",
                    "must be " + SIZE + " bytes, got " + report.length);
        }
        return new SnpReport(report.clone());
    }

    private static FirmwareVersion firmwareVersion(ByteReader in, String prefix) throws EvidenceFormatException {
        int build = in.u8(prefix + "_BUILD");
        int minor = in.u8(prefix + "_MINOR");
        int major = in.u8(prefix + "_MAJOR");
        return new FirmwareVersion(major, minor, build);
    }

    private static void zeros(ByteReader in, int length, String field) throws EvidenceFormatException {
        int at = in.position();
        byte[] bytes = in.bytes(length, field);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                throw new EvidenceFormatException(at + i, field, "reserved, must be zero: " + HEX.formatHex(bytes));
            }
        }
    }

    /** The 0x4A0 bytes as received (a copy). */
    public byte[] rawBytes() {
        return raw.clone();
    }

    /** Bytes 0x000-0x29F, the part the SIGNATURE covers (a copy). */
    public byte[] signedBytes() {
        return Arrays.copyOf(raw, SIGNED_LENGTH);
    }

    public int version() {
        return version;
    }

    public long guestSvn() {
        return guestSvn;
    }

    public SnpPolicy policy() {
        return policy;
    }

    public byte[] familyId() {
        return familyId.clone();
    }

    public byte[] imageId() {
        return imageId.clone();
    }

    /** The VMPL the report was requested at (u32; 0-3 for guest requests). */
    public long vmpl() {
        return vmpl;
    }

    public long signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public TcbVersion currentTcb() {
        return currentTcb;
    }

    public PlatformInfo platformInfo() {
        return platformInfo;
    }

    public boolean authorKeyEnabled() {
        return authorKeyEnabled;
    }

    public boolean maskChipKey() {
        return maskChipKey;
    }

    public SigningKey signingKey() {
        return signingKey;
    }

    public byte[] reportData() {
        return reportData.clone();
    }

    public byte[] measurement() {
        return measurement.clone();
    }

    public byte[] hostData() {
        return hostData.clone();
    }

    public byte[] idKeyDigest() {
        return idKeyDigest.clone();
    }

    public byte[] authorKeyDigest() {
        return authorKeyDigest.clone();
    }

    public byte[] reportId() {
        return reportId.clone();
    }

    public byte[] reportIdMa() {
        return reportIdMa.clone();
    }

    /** The TCB the VCEK that signed this report was derived from. */
    public TcbVersion reportedTcb() {
        return reportedTcb;
    }

    /** CPUID family/model/stepping, present from report version 3 on. */
    public Optional<Cpuid> cpuid() {
        return cpuid;
    }

    public byte[] chipId() {
        return chipId.clone();
    }

    public TcbVersion committedTcb() {
        return committedTcb;
    }

    public FirmwareVersion currentVersion() {
        return currentVersion;
    }

    public FirmwareVersion committedVersion() {
        return committedVersion;
    }

    public TcbVersion launchTcb() {
        return launchTcb;
    }

    /** LAUNCH_MIT_VECTOR, present from report version 5 on. */
    public OptionalLong launchMitigationVector() {
        return launchMitigationVector;
    }

    /** CURRENT_MIT_VECTOR, present from report version 5 on. */
    public OptionalLong currentMitigationVector() {
        return currentMitigationVector;
    }

    /** The whole 512-byte SIGNATURE area (a copy). */
    public byte[] signature() {
        return signature.clone();
    }

    /** R of an ECDSA P-384 signature: 72 bytes, little-endian, as stored at 0x2A0. */
    public byte[] signatureR() {
        return Arrays.copyOfRange(signature, 0, 72);
    }

    /** S of an ECDSA P-384 signature: 72 bytes, little-endian, as stored at 0x2E8. */
    public byte[] signatureS() {
        return Arrays.copyOfRange(signature, 72, 144);
    }

    @Override
    public String toString() {
        return "SnpReport[version=" + version + ", vmpl=" + vmpl + ", measurement=" + HEX.formatHex(measurement)
                + ", signingKey=" + signingKey + " (unverified)]";
    }
}

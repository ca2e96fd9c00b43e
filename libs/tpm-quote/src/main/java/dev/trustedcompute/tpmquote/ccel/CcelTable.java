package dev.trustedcompute.tpmquote.ccel;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.nio.charset.StandardCharsets;

/**
 * The ACPI CC Event Log table (ACPI 6.5, 5.2.34 "CCEL"), as read from {@code /sys/firmware/acpi/tables/CCEL}:
 * <pre>
 * CHAR8  Signature[4];        "CCEL"
 * UINT32 Length;              56
 * UINT8  Revision;
 * UINT8  Checksum;            all bytes of the table sum to 0 (mod 256)
 * CHAR8  OemId[6];
 * CHAR8  OemTableId[8];
 * UINT32 OemRevision;
 * CHAR8  CreatorId[4];
 * UINT32 CreatorRevision;
 * UINT8  CcType;              1 = AMD SEV, 2 = Intel TDX
 * UINT8  CcSubType;
 * UINT16 Reserved;
 * UINT64 LogAreaMinimumLength (LAML);
 * UINT64 LogAreaStartAddress  (LASA);
 * </pre>
 * All little-endian.
 */
public record CcelTable(int revision, String oemId, String oemTableId, long oemRevision, String creatorId,
                        long creatorRevision, int ccType, int ccSubType, long logAreaMinimumLength,
                        long logAreaStartAddress) {

    public static final int LENGTH = 56;
    public static final int CC_TYPE_SEV = 1;
    public static final int CC_TYPE_TDX = 2;

    public static CcelTable parse(byte[] table) throws EvidenceFormatException {
        ByteReader r = ByteReader.littleEndian(table);
        String signature = ascii(r.bytes(4, "CCEL.Signature"));
        if (!signature.equals("CCEL")) {
            throw new EvidenceFormatException(0, "CCEL.Signature", "is \"" + signature + "\", expected \"CCEL\"");
        }
        long length = r.u32("CCEL.Length");
        if (length != LENGTH || table.length != LENGTH) {
            throw new EvidenceFormatException(4, "CCEL.Length", "table length " + length + " with " + table.length
                    + " bytes given, expected " + LENGTH);
        }
        int revision = r.u8("CCEL.Revision");
        r.u8("CCEL.Checksum");
        int sum = 0;
        for (byte b : table) {
            sum += b & 0xff;
        }
        if ((sum & 0xff) != 0) {
            throw new EvidenceFormatException(9, "CCEL.Checksum", "table bytes sum to " + (sum & 0xff) + ", not 0");
        }
        String oemId = ascii(r.bytes(6, "CCEL.OemId"));
        String oemTableId = ascii(r.bytes(8, "CCEL.OemTableId"));
        long oemRevision = r.u32("CCEL.OemRevision");
        String creatorId = ascii(r.bytes(4, "CCEL.CreatorId"));
        long creatorRevision = r.u32("CCEL.CreatorRevision");
        int ccType = r.u8("CCEL.CcType");
        int ccSubType = r.u8("CCEL.CcSubType");
        r.u16("CCEL.Reserved");
        long laml = r.u64("CCEL.LogAreaMinimumLength");
        long lasa = r.u64("CCEL.LogAreaStartAddress");
        r.expectEnd("CCEL");
        return new CcelTable(revision, oemId, oemTableId, oemRevision, creatorId, creatorRevision, ccType, ccSubType,
                laml, lasa);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}

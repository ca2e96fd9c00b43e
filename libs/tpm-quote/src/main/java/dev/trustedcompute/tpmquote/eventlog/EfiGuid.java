package dev.trustedcompute.tpmquote.eventlog;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.UUID;

/**
 * An EFI_GUID: {@code UINT32 Data1; UINT16 Data2; UINT16 Data3; UINT8 Data4[8]}, the first three little-endian
 * on the wire, shown in the usual 8-4-4-4-12 text form.
 */
public record EfiGuid(UUID uuid) {

    public static final EfiGuid EFI_GLOBAL_VARIABLE = of("8be4df61-93ca-11d2-aa0d-00e098032b8c");
    public static final EfiGuid EFI_IMAGE_SECURITY_DATABASE = of("d719b2cb-3d3a-4596-a3bc-dad00e67656f");
    public static final EfiGuid EFI_CERT_X509 = of("a5c059a1-94e4-4aa7-87b5-ab155c2bf072");
    public static final EfiGuid EFI_CERT_SHA256 = of("c1c41626-504c-4092-aca9-41f936934328");
    public static final EfiGuid SHIM_LOCK = of("605dab50-e046-4300-abb6-3dd810dd8b23");

    public static EfiGuid of(String text) {
        return new EfiGuid(UUID.fromString(text));
    }

    /** Reads 16 bytes in EFI_GUID byte order. */
    public static EfiGuid read(ByteReader r, String field) throws EvidenceFormatException {
        byte[] b = r.bytes(16, field);
        long msb = ((long) le32(b, 0) << 32) | ((long) le16(b, 4) << 16) | le16(b, 6);
        long lsb = 0;
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (b[i] & 0xff);
        }
        return new EfiGuid(new UUID(msb, lsb));
    }

    private static long le32(byte[] b, int o) {
        return (b[o] & 0xffL) | (b[o + 1] & 0xffL) << 8 | (b[o + 2] & 0xffL) << 16 | (b[o + 3] & 0xffL) << 24;
    }

    private static int le16(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    @Override
    public String toString() {
        return uuid.toString();
    }
}

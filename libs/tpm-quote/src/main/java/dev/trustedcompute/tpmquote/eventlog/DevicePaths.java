package dev.trustedcompute.tpmquote.eventlog;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Best-effort UEFI device path to text (UEFI 2.x, 10.3 / 10.6): nodes of {@code UINT8 Type; UINT8 SubType;
 * UINT16 Length} followed by node data. Common nodes get their UEFI text name; others become
 * {@code Path(type,subtype,hex)}. The text is for display and matching file names; it is not verified.
 */
final class DevicePaths {

    private static final int MAX_NODES = 256;

    private DevicePaths() {
    }

    static Optional<String> toText(byte[] path) {
        if (path.length == 0) {
            return Optional.of("");
        }
        try {
            ByteReader r = ByteReader.littleEndian(path);
            List<String> nodes = new ArrayList<>();
            StringBuilder out = new StringBuilder();
            while (r.hasRemaining()) {
                if (nodes.size() >= MAX_NODES) {
                    return Optional.empty();
                }
                int type = r.u8("type");
                int sub = r.u8("subType");
                int length = r.u16("length");
                if (length < 4) {
                    return Optional.empty();
                }
                ByteReader n = r.slice(length - 4, "node");
                if (type == 0x7f) {
                    if (sub == 0xff) {
                        break;
                    }
                    out.append(String.join("/", nodes)).append(',');
                    nodes.clear();
                    continue;
                }
                nodes.add(node(type, sub, n, length - 4));
            }
            out.append(String.join("/", nodes));
            return Optional.of(out.toString());
        } catch (EvidenceFormatException e) {
            return Optional.empty();
        }
    }

    private static String node(int type, int sub, ByteReader n, int size) throws EvidenceFormatException {
        HexFormat hex = HexFormat.of();
        if (type == 0x01 && sub == 0x01 && size == 2) {
            int function = n.u8("function");
            int device = n.u8("device");
            return String.format("Pci(0x%x,0x%x)", device, function);
        }
        if (type == 0x02 && sub == 0x01 && size == 8) {
            long hid = n.u32("hid");
            long uid = n.u32("uid");
            if (hid == 0x0a0341d0L || hid == 0x0a0841d0L) {
                return (hid == 0x0a0341d0L ? "PciRoot" : "PcieRoot") + String.format("(0x%x)", uid);
            }
            return String.format("Acpi(0x%08x,0x%x)", hid, uid);
        }
        if (type == 0x03 && sub == 0x02 && size == 4) {
            return String.format("Scsi(0x%x,0x%x)", n.u16("target"), n.u16("lun"));
        }
        if (type == 0x03 && sub == 0x12 && size == 6) {
            return String.format("Sata(0x%x,0x%x,0x%x)", n.u16("hba"), n.u16("pm"), n.u16("lun"));
        }
        if (type == 0x03 && sub == 0x17 && size == 12) {
            long nsid = n.u32("nsid");
            return String.format("NVMe(0x%x,%s)", nsid, hex.formatHex(n.bytes(8, "eui")));
        }
        if (type == 0x04 && sub == 0x01 && size == 38) {
            long partition = n.u32("partition");
            long start = n.u64("start");
            long length = n.u64("size");
            byte[] signature = n.bytes(16, "signature");
            int format = n.u8("format");
            int sigType = n.u8("signatureType");
            String sig = sigType == 2
                    ? EfiGuid.read(ByteReader.littleEndian(signature), "signature").toString()
                    : hex.formatHex(signature);
            return String.format("HD(%d,%s,%s,0x%x,0x%x)", partition, format == 2 ? "GPT" : "MBR", sig, start,
                    length);
        }
        if (type == 0x04 && sub == 0x04) {
            return utf16z(n.bytes(size, "path"));
        }
        if ((type == 0x04 && (sub == 0x06 || sub == 0x07)) && size == 16) {
            return (sub == 0x06 ? "FvFile(" : "Fv(") + EfiGuid.read(n, "guid") + ")";
        }
        if (type == 0x04 && sub == 0x08 && size == 16) {
            return String.format("Offset(0x%x,0x%x)", n.u64("start"), n.u64("end"));
        }
        if ((type == 0x01 || type == 0x03 || type == 0x04) && (sub == 0x04 || sub == 0x0a || sub == 0x03)
                && size >= 16 && !(type == 0x04 && sub == 0x04)) {
            String name = type == 0x01 ? "VenHw" : type == 0x03 ? "VenMsg" : "VenMedia";
            if ((type == 0x01 && sub == 0x04) || (type == 0x03 && sub == 0x0a) || (type == 0x04 && sub == 0x03)) {
                EfiGuid guid = EfiGuid.read(n, "guid");
                byte[] rest = n.bytes(size - 16, "data");
                return name + "(" + guid + (rest.length > 0 ? "," + hex.formatHex(rest) : "") + ")";
            }
        }
        return String.format("Path(%d,%d,%s)", type, sub, hex.formatHex(n.bytes(size, "data")));
    }

    /** A NUL-terminated UTF-16LE string (terminator optional). */
    static String utf16z(byte[] b) {
        int end = 0;
        while (end + 1 < b.length && (b[end] != 0 || b[end + 1] != 0)) {
            end += 2;
        }
        return new String(b, 0, end, StandardCharsets.UTF_16LE);
    }
}

package dev.trustedcompute.tpmquote.eventlog;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Decodes event data by event type; every failure becomes {@link EventData.Malformed}. */
final class EventDataDecoder {

    /** UEFI variable names are short; a bound keeps a hostile name length from allocating. */
    private static final int MAX_NAME_CHARS = 4096;

    private EventDataDecoder() {
    }

    static EventData decode(EventType type, byte[] data) {
        try {
            return switch ((int) type.code()) {
                case 0x80000001, 0x80000002, 0x8000000C, 0x800000E0 -> uefiVariable(data);
                case 0x80000003, 0x80000004, 0x80000005 -> imageLoad(data);
                case 0x0D -> ipl(type, data);
                case 0x04 -> separator(type, data);
                case 0x08 -> new EventData.SCrtmVersion(crtmVersion(data));
                case 0x01 -> data.length == 16 && !isPrintable(data)
                        ? blob(data) : new EventData.PostCode(ascii(type, data));
                case 0x80000008 -> blob(data);
                case 0x05, 0x80000007 -> new EventData.EfiAction(ascii(type, data));
                case 0x03 -> noAction(data);
                default -> new EventData.Unrecognized(type, data);
            };
        } catch (EvidenceFormatException e) {
            return new EventData.Malformed(type, data, e.getMessage());
        }
    }

    private static EventData uefiVariable(byte[] data) throws EvidenceFormatException {
        ByteReader r = ByteReader.littleEndian(data);
        EfiGuid guid = EfiGuid.read(r, "UEFI_VARIABLE_DATA.VariableName");
        long nameLength = r.u64("UEFI_VARIABLE_DATA.UnicodeNameLength");
        long dataLength = r.u64("UEFI_VARIABLE_DATA.VariableDataLength");
        if (nameLength < 0 || nameLength > MAX_NAME_CHARS || nameLength * 2 > r.remaining()) {
            throw new EvidenceFormatException(16, "UEFI_VARIABLE_DATA.UnicodeNameLength", "name of " + nameLength
                    + " characters does not fit");
        }
        String name = new String(r.bytes((int) nameLength * 2, "UEFI_VARIABLE_DATA.UnicodeName"),
                StandardCharsets.UTF_16LE);
        if (dataLength < 0 || dataLength > r.remaining()) {
            throw new EvidenceFormatException(24, "UEFI_VARIABLE_DATA.VariableDataLength", "says " + dataLength
                    + " bytes but " + r.remaining() + " follow the name");
        }
        byte[] value = r.bytes((int) dataLength, "UEFI_VARIABLE_DATA.VariableData");
        byte[] trailing = r.bytes(r.remaining(), "UEFI_VARIABLE_DATA.trailing");
        return new EventData.UefiVariable(guid, name, value, trailing);
    }

    private static EventData imageLoad(byte[] data) throws EvidenceFormatException {
        ByteReader r = ByteReader.littleEndian(data);
        long location = r.u64("UEFI_IMAGE_LOAD_EVENT.ImageLocationInMemory");
        long length = r.u64("UEFI_IMAGE_LOAD_EVENT.ImageLengthInMemory");
        long link = r.u64("UEFI_IMAGE_LOAD_EVENT.ImageLinkTimeAddress");
        long pathLength = r.u64("UEFI_IMAGE_LOAD_EVENT.LengthOfDevicePath");
        if (pathLength < 0 || pathLength > r.remaining()) {
            throw new EvidenceFormatException(24, "UEFI_IMAGE_LOAD_EVENT.LengthOfDevicePath", pathLength
                    + " bytes but " + r.remaining() + " follow");
        }
        byte[] path = r.bytes((int) pathLength, "UEFI_IMAGE_LOAD_EVENT.DevicePath");
        byte[] trailing = r.bytes(r.remaining(), "UEFI_IMAGE_LOAD_EVENT.trailing");
        return new EventData.UefiImageLoad(location, length, link, path, trailing);
    }

    private static EventData ipl(EventType type, byte[] data) throws EvidenceFormatException {
        String text = text(type, data);
        EventData.IplKind kind = text.startsWith("grub_cmd: ") ? EventData.IplKind.GRUB_COMMAND
                : text.startsWith("kernel_cmdline: ") ? EventData.IplKind.KERNEL_COMMAND_LINE
                : EventData.IplKind.TEXT;
        return new EventData.Ipl(kind, text);
    }

    private static EventData separator(EventType type, byte[] data) throws EvidenceFormatException {
        if (data.length != 4) {
            throw new EvidenceFormatException(0, type.name(), data.length + " bytes, expected a UINT32");
        }
        return new EventData.Separator(ByteReader.littleEndian(data).u32("separator"));
    }

    private static EventData blob(byte[] data) throws EvidenceFormatException {
        ByteReader r = ByteReader.littleEndian(data);
        long base = r.u64("UEFI_PLATFORM_FIRMWARE_BLOB.BlobBase");
        long length = r.u64("UEFI_PLATFORM_FIRMWARE_BLOB.BlobLength");
        r.expectEnd("UEFI_PLATFORM_FIRMWARE_BLOB");
        return new EventData.FirmwareBlob(base, length);
    }

    private static EventData noAction(byte[] data) throws EvidenceFormatException {
        if (EventLog.startsWith(data, "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII))) {
            // event 0 was already parsed strictly by EventLog; show it again as data
            return new EventData.NoAction("Spec ID Event03", data);
        }
        if (data.length == 17 && EventLog.startsWith(data, "StartupLocality\0".getBytes(StandardCharsets.US_ASCII))) {
            return new EventData.StartupLocality(data[16] & 0xff);
        }
        if (EventLog.startsWith(data, "SP800-155 Event".getBytes(StandardCharsets.US_ASCII))) {
            ByteReader r = ByteReader.littleEndian(data);
            String signature = asciiZ(r.bytes(16, "SP800-155.Signature"));
            long vendor = r.u32("SP800-155.PlatformManufacturerId");
            EfiGuid manifest = EfiGuid.read(r, "SP800-155.ReferenceManifestGuid");
            return new EventData.Sp800155Event(signature, vendor, manifest, r.bytes(r.remaining(), "SP800-155"));
        }
        int nul = indexOfNul(data);
        String signature = nul > 0 && isPrintable(java.util.Arrays.copyOf(data, nul))
                ? new String(data, 0, nul, StandardCharsets.US_ASCII) : "";
        return new EventData.NoAction(signature, data);
    }

    private static String crtmVersion(byte[] data) {
        if (data.length >= 2 && data.length % 2 == 0) {
            String s = DevicePaths.utf16z(data);
            if (!s.isEmpty() && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                return s;
            }
        }
        return HexFormat.of().formatHex(data);
    }

    /** ASCII/UTF-8 text, or UTF-16LE text when every other byte is 0; a terminating NUL is dropped. */
    private static String text(EventType type, byte[] data) throws EvidenceFormatException {
        if (data.length >= 4 && data.length % 2 == 0 && data[1] == 0 && data[3] == 0) {
            String s = DevicePaths.utf16z(data);
            if (s.chars().allMatch(c -> c >= 0x20 || c == '\t' || c == '\n')) {
                return s;
            }
        }
        int end = data.length;
        if (end > 0 && data[end - 1] == 0) {
            end--;
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(data, 0, end)).toString();
            if (s.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
                throw new EvidenceFormatException(0, type.name(), "binary data, not text");
            }
            return s;
        } catch (CharacterCodingException e) {
            throw new EvidenceFormatException(0, type.name(), "not UTF-8 text");
        }
    }

    private static String ascii(EventType type, byte[] data) throws EvidenceFormatException {
        int end = data.length;
        if (end > 0 && data[end - 1] == 0) {
            end--;
        }
        byte[] body = java.util.Arrays.copyOf(data, end);
        if (!isPrintable(body)) {
            throw new EvidenceFormatException(0, type.name(), "not printable ASCII");
        }
        return new String(body, StandardCharsets.US_ASCII);
    }

    private static String asciiZ(byte[] b) {
        int nul = indexOfNul(b);
        return new String(b, 0, nul < 0 ? b.length : nul, StandardCharsets.US_ASCII);
    }

    private static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isPrintable(byte[] b) {
        for (byte x : b) {
            if (x < 0x20 || x > 0x7e) {
                return false;
            }
        }
        return true;
    }
}

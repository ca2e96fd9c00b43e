package dev.trustedcompute.tpmquote.eventlog;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The decoded data of an event, by kind (TCG PC Client PFP section 10.4 and UEFI 2.x). Decoding is best effort and
 * never throws: data that does not follow its type's layout is {@link Malformed}, unknown types are
 * {@link Unrecognized}; both keep the raw bytes. Decoded data is only as trustworthy as the event it came from
 * (see {@link VerifiedEvents}) and, for types whose digest is not the hash of the data, says nothing certain.
 */
public sealed interface EventData {

    /**
     * UEFI_VARIABLE_DATA of EV_EFI_VARIABLE_DRIVER_CONFIG / _BOOT / _BOOT2 / _AUTHORITY:
     * <pre>
     * EFI_GUID VariableName;          vendor GUID of the variable
     * UINT64   UnicodeNameLength;     in CHAR16
     * UINT64   VariableDataLength;    in bytes
     * CHAR16   UnicodeName[UnicodeNameLength];
     * INT8     VariableData[VariableDataLength];
     * </pre>
     * Bytes after VariableData are kept in {@code trailing}: shim pads its EV_EFI_VARIABLE_AUTHORITY events to
     * the size of its C structure.
     */
    record UefiVariable(EfiGuid vendorGuid, String name, byte[] variableData, byte[] trailing) implements EventData {
        public UefiVariable {
            variableData = variableData.clone();
            trailing = trailing.clone();
        }

        @Override
        public byte[] trailing() {
            return trailing.clone();
        }

        @Override
        public byte[] variableData() {
            return variableData.clone();
        }

        /** The data read as a sequence of EFI_SIGNATURE_LISTs (PK, KEK, db, dbx). */
        public List<EfiSignatureList> signatureLists() throws EvidenceFormatException {
            return EfiSignatureList.parseAll(variableData);
        }
    }

    /**
     * UEFI_IMAGE_LOAD_EVENT of EV_EFI_BOOT_SERVICES_APPLICATION / _DRIVER / EV_EFI_RUNTIME_SERVICES_DRIVER:
     * <pre>
     * UEFI_PHYSICAL_ADDRESS ImageLocationInMemory;   UINT64
     * UINT64                ImageLengthInMemory;     UINTN, 64-bit firmware assumed
     * UINT64                ImageLinkTimeAddress;    UINTN
     * UINT64                LengthOfDevicePath;      UINTN
     * UEFI_DEVICE_PATH      DevicePath[LengthOfDevicePath];
     * </pre>
     * Some loaders log bytes after the device path; they are kept in {@code trailing}.
     */
    record UefiImageLoad(long imageLocationInMemory, long imageLengthInMemory, long imageLinkTimeAddress,
                         byte[] devicePath, byte[] trailing) implements EventData {
        public UefiImageLoad {
            devicePath = devicePath.clone();
            trailing = trailing.clone();
        }

        @Override
        public byte[] devicePath() {
            return devicePath.clone();
        }

        @Override
        public byte[] trailing() {
            return trailing.clone();
        }

        /** The device path in UEFI text form (best effort; empty when the nodes are malformed). */
        public Optional<String> devicePathText() {
            return DevicePaths.toText(devicePath);
        }
    }

    /** What the IPL text says it is. */
    enum IplKind {
        /** GRUB 2 "grub_cmd: ..." (PCR8). */
        GRUB_COMMAND,
        /** GRUB 2 "kernel_cmdline: ..." (PCR8). */
        KERNEL_COMMAND_LINE,
        /** Any other text: file names measured by GRUB (PCR9), shim's "MokList"... */
        TEXT
    }

    /** EV_IPL as text (ASCII/UTF-8, or UTF-16LE), without the terminating NUL. */
    record Ipl(IplKind kind, String text) implements EventData {
        /** The text after the "grub_cmd: " / "kernel_cmdline: " prefix. */
        public String value() {
            return switch (kind) {
                case GRUB_COMMAND -> text.substring("grub_cmd: ".length());
                case KERNEL_COMMAND_LINE -> text.substring("kernel_cmdline: ".length());
                case TEXT -> text;
            };
        }
    }

    /** EV_SEPARATOR: a UINT32, 0 normally; any other value signals an error (PFP 10.4.4). */
    record Separator(long value) implements EventData {
        public boolean isError() {
            return value != 0;
        }
    }

    /** EV_S_CRTM_VERSION: usually a NUL-terminated UCS-2 string; otherwise (e.g. a GUID) the hex of the data. */
    record SCrtmVersion(String version) implements EventData {
    }

    /** EV_POST_CODE / EV_ACTION as an ASCII label ("POST CODE", "ACPI DATA", ...). */
    record PostCode(String label) implements EventData {
    }

    /**
     * UEFI_PLATFORM_FIRMWARE_BLOB {@code {UINT64 BlobBase; UINT64 BlobLength}} of EV_EFI_PLATFORM_FIRMWARE_BLOB,
     * or of EV_POST_CODE when firmware logs a blob there.
     */
    record FirmwareBlob(long base, long length) implements EventData {
    }

    /** EV_EFI_ACTION / EV_ACTION: an ASCII string, not NUL-terminated ("Calling EFI Application from Boot Option"). */
    record EfiAction(String text) implements EventData {
    }

    /** EV_NO_ACTION "StartupLocality\0" + UINT8 locality: TPM2_Startup locality (PFP 10.4.5.3). */
    record StartupLocality(int locality) implements EventData {
    }

    /**
     * EV_NO_ACTION NIST SP800-155 reference-manifest event ("SP800-155 Event", "SP800-155 Event2", "...Event3"):
     * {@code BYTE Signature[16]; UINT32 PlatformManufacturerId; EFI_GUID ReferenceManifestGuid;} then
     * version-specific fields, kept raw.
     */
    record Sp800155Event(String signature, long platformManufacturerId, EfiGuid referenceManifestGuid,
                         byte[] rest) implements EventData {
        public Sp800155Event {
            rest = rest.clone();
        }

        @Override
        public byte[] rest() {
            return rest.clone();
        }
    }

    /** Any other EV_NO_ACTION, named by its NUL-terminated ASCII signature when it has one. */
    record NoAction(String signature, byte[] data) implements EventData {
        public NoAction {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** The Spec ID header event (see {@link SpecIdEvent}), as data of event 0. */
    record SpecId(SpecIdEvent specIdEvent) implements EventData {
    }

    /** A type this library does not decode: raw bytes. */
    record Unrecognized(EventType type, byte[] data) implements EventData {
        public Unrecognized {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public String toString() {
            return "Unrecognized[" + type + ", " + HexFormat.of().formatHex(data) + "]";
        }
    }

    /** Data that does not follow the layout of its type; {@code problem} says where. */
    record Malformed(EventType type, byte[] data, String problem) implements EventData {
        public Malformed {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }
}

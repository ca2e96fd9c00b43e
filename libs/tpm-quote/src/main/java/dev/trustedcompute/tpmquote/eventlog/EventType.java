package dev.trustedcompute.tpmquote.eventlog;

/**
 * TCG PC Client event type (TCG PC Client Platform Firmware Profile, section 10.4.1). An open set: firmware and
 * operating systems use vendor values, so this is a value with named constants rather than an enum.
 *
 * @param code the UINT32 event type
 */
public record EventType(long code) {

    public static final EventType EV_PREBOOT_CERT = new EventType(0x0);
    public static final EventType EV_POST_CODE = new EventType(0x1);
    public static final EventType EV_NO_ACTION = new EventType(0x3);
    public static final EventType EV_SEPARATOR = new EventType(0x4);
    public static final EventType EV_ACTION = new EventType(0x5);
    public static final EventType EV_EVENT_TAG = new EventType(0x6);
    public static final EventType EV_S_CRTM_CONTENTS = new EventType(0x7);
    public static final EventType EV_S_CRTM_VERSION = new EventType(0x8);
    public static final EventType EV_CPU_MICROCODE = new EventType(0x9);
    public static final EventType EV_PLATFORM_CONFIG_FLAGS = new EventType(0xA);
    public static final EventType EV_TABLE_OF_DEVICES = new EventType(0xB);
    public static final EventType EV_COMPACT_HASH = new EventType(0xC);
    public static final EventType EV_IPL = new EventType(0xD);
    public static final EventType EV_IPL_PARTITION_DATA = new EventType(0xE);
    public static final EventType EV_NONHOST_CODE = new EventType(0xF);
    public static final EventType EV_NONHOST_CONFIG = new EventType(0x10);
    public static final EventType EV_NONHOST_INFO = new EventType(0x11);
    public static final EventType EV_OMIT_BOOT_DEVICE_EVENTS = new EventType(0x12);
    public static final EventType EV_POST_CODE2 = new EventType(0x13);
    public static final EventType EV_EFI_VARIABLE_DRIVER_CONFIG = new EventType(0x80000001L);
    public static final EventType EV_EFI_VARIABLE_BOOT = new EventType(0x80000002L);
    public static final EventType EV_EFI_BOOT_SERVICES_APPLICATION = new EventType(0x80000003L);
    public static final EventType EV_EFI_BOOT_SERVICES_DRIVER = new EventType(0x80000004L);
    public static final EventType EV_EFI_RUNTIME_SERVICES_DRIVER = new EventType(0x80000005L);
    public static final EventType EV_EFI_GPT_EVENT = new EventType(0x80000006L);
    public static final EventType EV_EFI_ACTION = new EventType(0x80000007L);
    public static final EventType EV_EFI_PLATFORM_FIRMWARE_BLOB = new EventType(0x80000008L);
    public static final EventType EV_EFI_HANDOFF_TABLES = new EventType(0x80000009L);
    public static final EventType EV_EFI_PLATFORM_FIRMWARE_BLOB2 = new EventType(0x8000000AL);
    public static final EventType EV_EFI_HANDOFF_TABLES2 = new EventType(0x8000000BL);
    public static final EventType EV_EFI_VARIABLE_BOOT2 = new EventType(0x8000000CL);
    public static final EventType EV_EFI_GPT_EVENT2 = new EventType(0x8000000DL);
    public static final EventType EV_EFI_HCRTM_EVENT = new EventType(0x80000010L);
    public static final EventType EV_EFI_VARIABLE_AUTHORITY = new EventType(0x800000E0L);
    public static final EventType EV_EFI_SPDM_FIRMWARE_BLOB = new EventType(0x800000E1L);
    public static final EventType EV_EFI_SPDM_FIRMWARE_CONFIG = new EventType(0x800000E2L);

    public EventType {
        if (code < 0 || code > 0xffffffffL) {
            throw new IllegalArgumentException("event type out of UINT32 range: " + code);
        }
    }

    /** The spec name ({@code EV_IPL}), or {@code EV_UNKNOWN_0x........} for values this library does not name. */
    public String name() {
        return switch ((int) code) {
            case 0x0 -> "EV_PREBOOT_CERT";
            case 0x1 -> "EV_POST_CODE";
            case 0x2 -> "EV_UNUSED";
            case 0x3 -> "EV_NO_ACTION";
            case 0x4 -> "EV_SEPARATOR";
            case 0x5 -> "EV_ACTION";
            case 0x6 -> "EV_EVENT_TAG";
            case 0x7 -> "EV_S_CRTM_CONTENTS";
            case 0x8 -> "EV_S_CRTM_VERSION";
            case 0x9 -> "EV_CPU_MICROCODE";
            case 0xA -> "EV_PLATFORM_CONFIG_FLAGS";
            case 0xB -> "EV_TABLE_OF_DEVICES";
            case 0xC -> "EV_COMPACT_HASH";
            case 0xD -> "EV_IPL";
            case 0xE -> "EV_IPL_PARTITION_DATA";
            case 0xF -> "EV_NONHOST_CODE";
            case 0x10 -> "EV_NONHOST_CONFIG";
            case 0x11 -> "EV_NONHOST_INFO";
            case 0x12 -> "EV_OMIT_BOOT_DEVICE_EVENTS";
            case 0x13 -> "EV_POST_CODE2";
            case 0x80000000 -> "EV_EFI_EVENT_BASE";
            case 0x80000001 -> "EV_EFI_VARIABLE_DRIVER_CONFIG";
            case 0x80000002 -> "EV_EFI_VARIABLE_BOOT";
            case 0x80000003 -> "EV_EFI_BOOT_SERVICES_APPLICATION";
            case 0x80000004 -> "EV_EFI_BOOT_SERVICES_DRIVER";
            case 0x80000005 -> "EV_EFI_RUNTIME_SERVICES_DRIVER";
            case 0x80000006 -> "EV_EFI_GPT_EVENT";
            case 0x80000007 -> "EV_EFI_ACTION";
            case 0x80000008 -> "EV_EFI_PLATFORM_FIRMWARE_BLOB";
            case 0x80000009 -> "EV_EFI_HANDOFF_TABLES";
            case 0x8000000A -> "EV_EFI_PLATFORM_FIRMWARE_BLOB2";
            case 0x8000000B -> "EV_EFI_HANDOFF_TABLES2";
            case 0x8000000C -> "EV_EFI_VARIABLE_BOOT2";
            case 0x8000000D -> "EV_EFI_GPT_EVENT2";
            case 0x80000010 -> "EV_EFI_HCRTM_EVENT";
            case 0x800000E0 -> "EV_EFI_VARIABLE_AUTHORITY";
            case 0x800000E1 -> "EV_EFI_SPDM_FIRMWARE_BLOB";
            case 0x800000E2 -> "EV_EFI_SPDM_FIRMWARE_CONFIG";
            default -> String.format("EV_UNKNOWN_0x%08x", code);
        };
    }

    @Override
    public String toString() {
        return name();
    }
}

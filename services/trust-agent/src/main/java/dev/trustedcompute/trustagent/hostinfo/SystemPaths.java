package dev.trustedcompute.trustagent.hostinfo;

import java.nio.file.Path;

/**
 * Where the agent reads the host's facts, all below one root: {@code /} on a node, the host's root mounted into
 * the agent's container (for example {@code /host}), or a fixture tree in tests.
 */
public record SystemPaths(Path root) {

    public static final SystemPaths HOST = new SystemPaths(Path.of("/"));

    /** EFI global variable GUID of SecureBoot, SetupMode, PK, KEK... */
    private static final String EFI_GLOBAL = "8be4df61-93ca-11d2-aa0d-00e098032b8c";

    private Path at(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    public Path osRelease() {
        return at("/etc/os-release");
    }

    /** os-release(5): read this only when {@link #osRelease()} does not exist. */
    public Path osReleaseVendor() {
        return at("/usr/lib/os-release");
    }

    public Path kernelRelease() {
        return at("/proc/sys/kernel/osrelease");
    }

    public Path hostName() {
        return at("/proc/sys/kernel/hostname");
    }

    public Path bootId() {
        return at("/proc/sys/kernel/random/boot_id");
    }

    public Path dmi(String attribute) {
        return at("/sys/class/dmi/id/" + attribute);
    }

    /** Present only on UEFI systems. */
    public Path efi() {
        return at("/sys/firmware/efi");
    }

    public Path secureBootVariable() {
        return at("/sys/firmware/efi/efivars/SecureBoot-" + EFI_GLOBAL);
    }

    public Path mounts() {
        return at("/proc/mounts");
    }

    public Path sysBlock() {
        return at("/sys/block");
    }

    public Path tpmEventLog() {
        return at("/sys/kernel/security/tpm0/binary_bios_measurements");
    }

    public Path tdxGuestDevice() {
        return at("/dev/tdx_guest");
    }

    public Path sevGuestDevice() {
        return at("/dev/sev-guest");
    }

    /** The TDX guest's CC event log data area (ACPI CCEL table's log, Trustee's {@code cc_eventlog}). */
    public Path ccelData() {
        return at("/sys/firmware/acpi/tables/data/CCEL");
    }

    /** The ACPI CCEL table (where the CC event log area is and how big it is). */
    public Path ccelTable() {
        return at("/sys/firmware/acpi/tables/CCEL");
    }

    /** configfs-tsm (Linux 6.7+): TDX quotes and SNP reports without ioctls. */
    public Path tsmReports() {
        return at("/sys/kernel/config/tsm/report");
    }
}

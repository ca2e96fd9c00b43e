package dev.trustedcompute.labsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes the host files a trust agent reads (its {@code --root}) for a lab node whose TPM is swtpm: the machine the
 * event log was captured on (a GCE Container-Optimized OS 85 VM, UEFI with Secure Boot on), so host info and
 * event log agree. Containers and CI machines have no DMI, efivars or event log of their own.
 */
@Command(name = "node-root", mixinStandardHelpOptions = true,
        description = "Write a lab node's host files (DMI, os-release, efivars, event log) for trust-agent --root.")
final class NodeRootCommand implements Callable<Integer> {

    private static final String EFI_GLOBAL = "8be4df61-93ca-11d2-aa0d-00e098032b8c";

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the node's root (created)")
    Path dir;

    @Option(names = "--event-log", required = true, paramLabel = "FILE",
            description = "TCG event log to place at sys/kernel/security/tpm0/binary_bios_measurements")
    Path eventLog;

    @Option(names = "--hardware-uuid", paramLabel = "UUID", description = "SMBIOS UUID. Default: kept, else random")
    UUID hardwareUuid;

    @Option(names = "--host-name", defaultValue = "lab-node-1", paramLabel = "NAME",
            description = "Default: ${DEFAULT-VALUE}")
    String hostName;

    @Override
    public Integer call() {
        try {
            Path uuidFile = dir.resolve("sys/class/dmi/id/product_uuid");
            String uuid = hardwareUuid != null ? hardwareUuid.toString()
                    : Files.exists(uuidFile) ? Files.readString(uuidFile).strip() : UUID.randomUUID().toString();
            Map<String, String> files = Map.of(
                    "etc/os-release", "NAME=\"Container-Optimized OS\"\nID=cos\nVERSION_ID=85\n",
                    "proc/sys/kernel/osrelease", "5.4.49+\n",
                    "proc/sys/kernel/hostname", hostName + "\n",
                    "proc/sys/kernel/random/boot_id", UUID.randomUUID() + "\n",
                    "sys/class/dmi/id/product_uuid", uuid + "\n",
                    "sys/class/dmi/id/bios_vendor", "Google\n",
                    "sys/class/dmi/id/bios_version", "Google\n");
            for (Map.Entry<String, String> file : files.entrySet()) {
                write(file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
            }
            // efivarfs: 4 bytes of attributes (NV, BS, RT) then the value; 1 = Secure Boot on, as in the log
            write("sys/firmware/efi/efivars/SecureBoot-" + EFI_GLOBAL, new byte[] {6, 0, 0, 0, 1});
            write("sys/kernel/security/tpm0/binary_bios_measurements", Files.readAllBytes(eventLog));
            spec.commandLine().getOut().println("node root " + dir + " (hardware UUID " + uuid + ")");
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot write the node root " + dir + ": " + e.getMessage());
            return 2;
        }
    }

    private void write(String relative, byte[] content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}

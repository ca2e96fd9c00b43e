package dev.trustedcompute.trustagent.testing;

import dev.trustedcompute.trustagent.hostinfo.SystemPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fixture tree standing in for a node's /etc, /proc, /sys and /dev below a temporary root. {@link #ubuntu}
 * gives a typical UEFI node with Secure Boot on and the root file system on LUKS2; tests change single files.
 */
public final class TestHost {

    public static final String EFI_GLOBAL = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
    public static final String HARDWARE_UUID = "4c4c4544-0046-3610-8052-b4c04f4e4233";
    public static final String BOOT_ID = "0f2e6c1a-6f86-4d8a-9a59-2f4a1c1f0e11";

    private final Path root;

    private TestHost(Path root) {
        this.root = root;
    }

    public static TestHost empty(Path root) {
        return new TestHost(root);
    }

    public static TestHost ubuntu(Path root) {
        return new TestHost(root)
                .file("/etc/os-release", "PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\n"
                        + "ID=ubuntu\n")
                .file("/proc/sys/kernel/osrelease", "6.8.0-40-generic\n")
                .file("/proc/sys/kernel/hostname", "edge-node-7.lab.example\n")
                .file("/proc/sys/kernel/random/boot_id", BOOT_ID + "\n")
                .file("/sys/class/dmi/id/bios_vendor", "Dell Inc.\n")
                .file("/sys/class/dmi/id/bios_version", "2.19.0\n")
                .file("/sys/class/dmi/id/product_uuid", HARDWARE_UUID.toUpperCase() + "\n")
                .secureBoot(1)
                .file("/proc/mounts", "sysfs /sys sysfs rw 0 0\n/dev/mapper/dm_crypt-0 / ext4 rw,relatime 0 0\n"
                        + "/dev/nvme0n1p2 /boot ext4 rw 0 0\n")
                .dm("dm-0", "dm_crypt-0", "CRYPT-LUKS2-8f1c2a8e0d7b4c4e9a1b2c3d4e5f6a7b-dm_crypt-0");
    }

    public SystemPaths paths() {
        return new SystemPaths(root);
    }

    public Path root() {
        return root;
    }

    public Path path(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    public TestHost file(String absolute, String content) {
        return file(absolute, content.getBytes(StandardCharsets.UTF_8));
    }

    public TestHost file(String absolute, byte[] content) {
        try {
            Path p = path(absolute);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestHost delete(String absolute) {
        try {
            Files.deleteIfExists(path(absolute));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestHost dir(String absolute) {
        try {
            Files.createDirectories(path(absolute));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SecureBoot efivar: 4 attribute bytes (NV|BS|RT) and the value. */
    public TestHost secureBoot(int value) {
        return file("/sys/firmware/efi/efivars/SecureBoot-" + EFI_GLOBAL, new byte[] {7, 0, 0, 0, (byte) value});
    }

    /** A device-mapper device with its name, uuid and the dm devices below it. */
    public TestHost dm(String dm, String name, String uuid, String... slaves) {
        file("/sys/block/" + dm + "/dm/name", name + "\n");
        file("/sys/block/" + dm + "/dm/uuid", uuid + "\n");
        dir("/sys/block/" + dm + "/slaves");
        for (String slave : slaves) {
            dir("/sys/block/" + dm + "/slaves/" + slave);
        }
        return this;
    }

    /** Bytes of a captured evidence file in src/test/resources/evidence. */
    public static byte[] evidence(String name) {
        try (InputStream in = TestHost.class.getResourceAsStream("/evidence/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource evidence/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

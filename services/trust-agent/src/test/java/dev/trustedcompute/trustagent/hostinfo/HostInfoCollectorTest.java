package dev.trustedcompute.trustagent.hostinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.agentprotocol.DiskEncryption;
import dev.trustedcompute.agentprotocol.HostInfo;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.testing.TestHost;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host facts read from fixture trees of /etc, /proc and /sys (the agent's {@code --root}). */
class HostInfoCollectorTest {

    @TempDir
    Path root;

    private HostInfo collect(TestHost host) throws AgentException {
        return new HostInfoCollector(host.paths(), "1.2.3").collect(List.of("tpm"));
    }

    @Test
    void collectWhenUbuntuOnLuks2WithSecureBootThenEveryField() throws Exception {
        HostInfo info = collect(TestHost.ubuntu(root));

        assertThat(info.hostName()).isEqualTo("edge-node-7.lab.example");
        assertThat(info.hardwareUuid()).isEqualTo(TestHost.HARDWARE_UUID);
        assertThat(info.osName()).isEqualTo("Ubuntu");
        assertThat(info.osVersion()).isEqualTo("22.04");
        assertThat(info.kernelVersion()).isEqualTo("6.8.0-40-generic");
        assertThat(info.biosVendor()).isEqualTo("Dell Inc.");
        assertThat(info.biosVersion()).isEqualTo("2.19.0");
        assertThat(info.secureBootEnabled()).isTrue();
        assertThat(info.diskEncryption()).isEqualTo(new DiskEncryption(true, "LUKS2"));
        assertThat(info.tpmVersion()).isEqualTo("2.0");
        assertThat(info.tees()).containsExactly("tpm");
        assertThat(info.bootId()).isEqualTo(TestHost.BOOT_ID);
        assertThat(info.agentVersion()).isEqualTo("1.2.3");
    }

    @Test
    void collectWhenSecureBootVariableIsZeroThenDisabled() throws Exception {
        assertThat(collect(TestHost.ubuntu(root).secureBoot(0)).secureBootEnabled()).isFalse();
    }

    @Test
    void collectWhenUefiWithoutSecureBootVariableThenDisabled() throws Exception {
        TestHost host = TestHost.ubuntu(root).delete("/sys/firmware/efi/efivars/SecureBoot-" + TestHost.EFI_GLOBAL);

        assertThat(collect(host).secureBootEnabled()).isFalse();
    }

    @Test
    void collectWhenNotUefiThenSecureBootUnknown() throws Exception {
        TestHost host = TestHost.ubuntu(root).delete("/sys/firmware/efi/efivars/SecureBoot-" + TestHost.EFI_GLOBAL)
                .delete("/sys/firmware/efi/efivars").delete("/sys/firmware/efi");

        assertThat(collect(host).secureBootEnabled()).isNull();
    }

    @Test
    void collectWhenSecureBootVariableTruncatedThenLocalStateFailure() {
        TestHost host = TestHost.ubuntu(root).file("/sys/firmware/efi/efivars/SecureBoot-" + TestHost.EFI_GLOBAL,
                new byte[] {7, 0, 0, 0});

        assertThatThrownBy(() -> collect(host)).isInstanceOfSatisfying(AgentException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.LOCAL_STATE);
            assertThat(e.getMessage()).contains("SecureBoot-").contains("4 bytes");
        });
    }

    @Test
    void collectWhenRootOnPlainPartitionThenNotEncrypted() throws Exception {
        TestHost host = TestHost.ubuntu(root).file("/proc/mounts", "/dev/sda2 / ext4 rw 0 0\n");

        assertThat(collect(host).diskEncryption()).isEqualTo(new DiskEncryption(false, null));
    }

    @Test
    void collectWhenLvmOnLuksThenEncryptedThroughSlaves() throws Exception {
        TestHost host = TestHost.ubuntu(root)
                .file("/proc/mounts", "/dev/mapper/ubuntu--vg-root / ext4 rw 0 0\n")
                .dm("dm-1", "ubuntu--vg-root", "LVM-Xb1Vb6r0Kk", "dm-0");

        assertThat(collect(host).diskEncryption()).isEqualTo(new DiskEncryption(true, "LUKS2"));
    }

    @Test
    void collectWhenRootOnDmVerityThenNotEncrypted() throws Exception {
        TestHost host = TestHost.ubuntu(root)
                .file("/proc/mounts", "/dev/dm-2 / ext4 ro 0 0\n")
                .dm("dm-2", "usr", "CRYPT-VERITY-0a1b2c3d-usr");

        assertThat(collect(host).diskEncryption()).isEqualTo(new DiskEncryption(false, null));
    }

    @Test
    void collectWhenRootIsOverlayThenDiskEncryptionUnknown() throws Exception {
        TestHost host = TestHost.ubuntu(root).file("/proc/mounts", "overlay / overlay rw,lowerdir=/a 0 0\n");

        assertThat(collect(host).diskEncryption()).isNull();
    }

    @Test
    void collectWhenOsReleaseOnlyInUsrLibThenReadFromThere() throws Exception {
        TestHost host = TestHost.ubuntu(root).delete("/etc/os-release")
                .file("/usr/lib/os-release", "NAME='Edge Microvisor Toolkit'\nVERSION_ID=3.0\n");

        HostInfo info = collect(host);

        assertThat(info.osName()).isEqualTo("Edge Microvisor Toolkit");
        assertThat(info.osVersion()).isEqualTo("3.0");
    }

    @Test
    void collectWhenProductUuidUnreadableThenLocalStateFailureNamingTheFile() {
        TestHost host = TestHost.ubuntu(root).delete("/sys/class/dmi/id/product_uuid");

        assertThatThrownBy(() -> collect(host)).isInstanceOfSatisfying(AgentException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.LOCAL_STATE);
            assertThat(e.getMessage()).contains("product_uuid");
        });
    }

    @Test
    void collectWhenNoTpmThenNoTpmVersion() throws Exception {
        HostInfo info = new HostInfoCollector(TestHost.ubuntu(root).paths(), "1").collect(List.of("tdx"));

        assertThat(info.tpmVersion()).isNull();
        assertThat(info.tees()).containsExactly("tdx");
    }
}

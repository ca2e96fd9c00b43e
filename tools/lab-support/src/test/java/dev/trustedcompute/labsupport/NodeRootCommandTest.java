package dev.trustedcompute.labsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeRootCommandTest {

    @Test
    void nodeRootWhenWrittenTwiceThenHostFilesPresentAndHardwareUuidKept(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("node");
        var first = ExtendPcrsCommandSwtpmTest.run("node-root", "--dir", root.toString(), "--event-log",
                ExtendPcrsCommandSwtpmTest.LOG.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        String uuid = Files.readString(root.resolve("sys/class/dmi/id/product_uuid"));
        assertThat(Files.readAllBytes(root.resolve("sys/kernel/security/tpm0/binary_bios_measurements")))
                .isEqualTo(Files.readAllBytes(ExtendPcrsCommandSwtpmTest.LOG));
        assertThat(Files.readAllBytes(root.resolve(
                "sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"))).endsWith(1);

        var second = ExtendPcrsCommandSwtpmTest.run("node-root", "--dir", root.toString(), "--event-log",
                ExtendPcrsCommandSwtpmTest.LOG.toString());
        assertThat(second.exitCode()).isZero();
        assertThat(Files.readString(root.resolve("sys/class/dmi/id/product_uuid"))).isEqualTo(uuid);
    }

    @Test
    void nodeRootWhenEventLogMissingThenExitTwoNamingIt(@TempDir Path dir) {
        var run = ExtendPcrsCommandSwtpmTest.run("node-root", "--dir", dir.toString(), "--event-log", "no-such.bin");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no-such.bin");
    }
}

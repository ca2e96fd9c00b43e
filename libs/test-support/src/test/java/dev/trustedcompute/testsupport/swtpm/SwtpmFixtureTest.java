package dev.trustedcompute.testsupport.swtpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.testsupport.MissingToolException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The swtpm fixture itself: runs tpm2-tools, reboots, shuts down cleanly, fails loudly without tools. */
@SwtpmTest
class SwtpmFixtureTest {

    @Test
    void tpm2WhenGetRandomThenBytesWritten(Swtpm tpm) {
        tpm.tpm2("tpm2_getrandom", "-o", "random.bin", "16");

        assertThat(tpm.read("random.bin")).hasSize(16);
        assertThat(tpm.tcti()).isEqualTo("swtpm:host=127.0.0.1,port=" + tpm.port());
    }

    @Test
    void tpm2WhenCommandFailsThenExceptionWithStderr(Swtpm tpm) {
        assertThatThrownBy(() -> tpm.tpm2("tpm2_nvread", "0x01c0ffff", "-o", "x.bin"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tpm2_nvread");
        assertThat(tpm.tpm2Result("tpm2_nvread", "0x01c0ffff", "-o", "x.bin").ok()).isFalse();
    }

    @Test
    void rebootWhenRestartedThenResetCountIncremented(Swtpm tpm) {
        long before = resetCount(tpm);

        tpm.reboot();

        assertThat(tpm.isRunning()).isTrue();
        assertThat(resetCount(tpm)).isEqualTo(before + 1);
    }

    private static long resetCount(Swtpm tpm) {
        String out = tpm.tpm2("tpm2_readclock").stdout();
        String line = out.lines().filter(l -> l.contains("reset_count")).findFirst().orElseThrow();
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    @Test
    void closeWhenRunningThenProcessStoppedAndStateDeleted() {
        Swtpm tpm = Swtpm.start();
        assertThat(tpm.isRunning()).isTrue();

        tpm.close();

        assertThat(tpm.isRunning()).isFalse();
        assertThat(Files.exists(tpm.stateDir())).isFalse();
        tpm.close(); // idempotent
    }

    @Test
    void requireToolsWhenToolMissingThenFailsNamingDebianPackages() {
        assertThatThrownBy(() -> Swtpm.requireTools(tool -> tool.equals("swtpm") ? null : "/usr/bin/" + tool))
                .isInstanceOf(MissingToolException.class)
                .hasMessageContaining("[swtpm]")
                .hasMessageContaining("swtpm swtpm-tools tpm2-tools");
    }
}

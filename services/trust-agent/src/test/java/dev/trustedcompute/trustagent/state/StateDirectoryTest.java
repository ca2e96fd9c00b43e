package dev.trustedcompute.trustagent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.agentprotocol.PushReason;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void openWhenMissingThenCreatedOwnerOnly() throws Exception {
        StateDirectory.open(parent.resolve("state"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(parent.resolve("state"))))
                .isEqualTo("rwx------");
    }

    @Test
    void openWhenExistingWithWiderModeThenNarrowed() throws Exception {
        Path dir = Files.createDirectory(parent.resolve("state"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));

        StateDirectory.open(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void openWhenPathIsAFileThenLocalStateFailure() throws Exception {
        Path file = Files.writeString(parent.resolve("file"), "x");

        assertThatThrownBy(() -> StateDirectory.open(file)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.LOCAL_STATE));
    }

    @Test
    void writeJsonWhenReadBackThenSameRecordOwnerOnlyAndNoTemporaryLeft() throws Exception {
        StateDirectory state = StateDirectory.open(parent.resolve("state"));
        PushRecord record = new PushRecord("boot", 3, Instant.parse("2025-05-01T10:00:00Z"), PushReason.BOOT, "j1");

        state.writeJson(PushRecord.FILE, record);

        assertThat(state.readJson(PushRecord.FILE, PushRecord.class)).contains(record);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.file(PushRecord.FILE))))
                .isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(state.path())) {
            assertThat(files).containsExactly(state.file(PushRecord.FILE));
        }
    }

    @Test
    void readJsonWhenFileAbsentThenEmpty() throws Exception {
        assertThat(StateDirectory.open(parent.resolve("state")).readJson(PushRecord.FILE, PushRecord.class)).isEmpty();
    }

    @Test
    void readJsonWhenMalformedThenLocalStateFailureNamingTheFile() throws Exception {
        StateDirectory state = StateDirectory.open(parent.resolve("state"));
        state.write(AkRecord.FILE, "{\"handle\":1,\"algorithm\":\"RSA_2048\",\"tpmtPublic\":\"not base64!\"}".getBytes());

        assertThatThrownBy(() -> state.readJson(AkRecord.FILE, AkRecord.class))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.LOCAL_STATE);
                    assertThat(e.getMessage()).contains(AkRecord.FILE);
                });
    }

    @Test
    void bootedSinceWhenBootIdOrResetCountDiffersThenTrue() {
        PushRecord last = new PushRecord("boot-a", 7, Instant.EPOCH, PushReason.SCHEDULE, "j");

        assertThat(last.bootedSince("boot-a", 7)).isFalse();
        assertThat(last.bootedSince("boot-b", 7)).isTrue();
        assertThat(last.bootedSince("boot-a", 8)).isTrue();
    }

    @Test
    void policyRecordWhenOutOfRangeThenRefused() {
        assertThat(new PolicyRecord(1).pollDurationMinutes()).isEqualTo(1);
        assertThatThrownBy(() -> new PolicyRecord(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PolicyRecord(10081)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.trustedcompute.trustagent.hostinfo;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads small text files of /proc, /sys and /etc: trimmed, empty when absent, an error when unreadable. */
final class HostFiles {

    private HostFiles() {
    }

    static Optional<String> text(Path file) throws AgentException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AgentException(Failure.LOCAL_STATE, "cannot read " + file + ": " + e, e);
        }
    }

    static Optional<byte[]> bytes(Path file) throws AgentException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AgentException(Failure.LOCAL_STATE, "cannot read " + file + ": " + e, e);
        }
    }
}

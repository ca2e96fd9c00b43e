package dev.trustedcompute.trustagent.state;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's state directory: owner-only (0700), every file owner-only (0600) and replaced atomically, so a
 * crash never leaves a half-written record and the NATS credentials are never readable by other users.
 */
public final class StateDirectory {

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path dir;

    private StateDirectory(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating with 0700 when missing) the directory; an existing one is narrowed to 0700. */
    public static StateDirectory open(Path dir) throws AgentException {
        try {
            try {
                Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir)) {
                    throw new AgentException(Failure.LOCAL_STATE, "state directory " + dir + " is not a directory");
                }
            }
            if (!Files.getPosixFilePermissions(dir).equals(DIRECTORY)) {
                Files.setPosixFilePermissions(dir, DIRECTORY);
            }
            return new StateDirectory(dir);
        } catch (IOException e) {
            throw new AgentException(Failure.LOCAL_STATE, "cannot use state directory " + dir + ": " + e, e);
        }
    }

    public Path path() {
        return dir;
    }

    /** The path of a file in this directory (which may not exist yet). */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Writes {@code content} to {@code name} with mode 0600, replacing any previous file atomically. */
    public void write(String name, byte[] content) throws AgentException {
        Path target = dir.resolve(name);
        try {
            Path temp = Files.createTempFile(dir, "." + name, ".tmp", PosixFilePermissions.asFileAttribute(FILE));
            try {
                Files.write(temp, content);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new AgentException(Failure.LOCAL_STATE, "cannot write " + target + ": " + e, e);
        }
    }

    /** The file's bytes, or empty when it does not exist. */
    public Optional<byte[]> read(String name) throws AgentException {
        Path file = dir.resolve(name);
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AgentException(Failure.LOCAL_STATE, "cannot read " + file + ": " + e, e);
        }
    }

    public void writeJson(String name, Object record) throws AgentException {
        write(name, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
    }

    /** The record in {@code name}, or empty when the file does not exist; a malformed file is an error. */
    public <T> Optional<T> readJson(String name, Class<T> type) throws AgentException {
        Optional<byte[]> bytes = read(name);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(bytes.get(), type));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new AgentException(Failure.LOCAL_STATE, dir.resolve(name) + " is not a valid "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public void delete(String name) throws AgentException {
        try {
            Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            throw new AgentException(Failure.LOCAL_STATE, "cannot delete " + dir.resolve(name) + ": " + e, e);
        }
    }
}

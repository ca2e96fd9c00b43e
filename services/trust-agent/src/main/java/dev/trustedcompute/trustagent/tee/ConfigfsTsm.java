package dev.trustedcompute.trustagent.tee;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Linux configfs-tsm ({@code Documentation/ABI/testing/configfs-tsm}, Linux 6.7+): the TEE-neutral way to get a
 * TDX quote or an SNP report. The agent keeps one entry directory; the kernel creates its attributes. Writing
 * {@code inblob} (the report data) starts a new report and bumps {@code generation}; reading {@code generation}
 * before and after {@code outblob} proves the report belongs to our write and not to a concurrent writer's.
 */
final class ConfigfsTsm {

    /** Attributes of one generated report. */
    record Report(String provider, byte[] outblob, Optional<byte[]> auxblob) {
    }

    private static final String ENTRY = "trust-agent";

    private final Path reports;

    ConfigfsTsm(Path reports) {
        this.reports = reports;
    }

    boolean available() {
        return Files.isDirectory(reports);
    }

    synchronized Report generate(byte[] inblob) throws AgentException {
        Path entry = reports.resolve(ENTRY);
        try {
            try {
                Files.createDirectory(entry);
            } catch (FileAlreadyExistsException e) {
                // left by an earlier run: configfs entries live until rmdir, and reusing one is allowed
            }
            try (FileChannel in = FileChannel.open(entry.resolve("inblob"), StandardOpenOption.WRITE)) {
                in.write(ByteBuffer.wrap(inblob)); // one write: the kernel takes the blob from a single write
            }
            String generation = read(entry, "generation");
            byte[] outblob = Files.readAllBytes(entry.resolve("outblob"));
            if (!generation.equals(read(entry, "generation"))) {
                throw new AgentException(Failure.TEE_UNAVAILABLE, "another process wrote " + entry.resolve("inblob")
                        + " while the agent read its report; retry");
            }
            Path aux = entry.resolve("auxblob");
            Optional<byte[]> auxblob = Files.exists(aux) ? Optional.of(Files.readAllBytes(aux)) : Optional.empty();
            return new Report(read(entry, "provider"), outblob, auxblob.filter(a -> a.length > 0));
        } catch (IOException e) {
            throw new AgentException(Failure.TEE_UNAVAILABLE, "configfs-tsm report at " + entry + " failed: " + e, e);
        }
    }

    private static String read(Path entry, String attribute) throws IOException {
        return Files.readString(entry.resolve(attribute), StandardCharsets.US_ASCII).trim();
    }
}

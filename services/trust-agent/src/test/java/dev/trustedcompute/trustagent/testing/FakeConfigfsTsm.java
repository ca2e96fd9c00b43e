package dev.trustedcompute.trustagent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for a configfs-tsm report entry ({@code /sys/kernel/config/tsm/report/trust-agent}) holding a captured
 * report: the kernel would create the attributes on mkdir and fill {@code outblob} after an {@code inblob} write;
 * here they are files written beforehand, and {@link #inblob()} shows what the collector wrote.
 */
public final class FakeConfigfsTsm {

    private final Path entry;

    private FakeConfigfsTsm(Path entry) {
        this.entry = entry;
    }

    public static FakeConfigfsTsm install(TestHost host, String provider, byte[] outblob) {
        host.file("/sys/kernel/config/tsm/report/trust-agent/provider", provider + "\n")
                .file("/sys/kernel/config/tsm/report/trust-agent/generation", "1\n")
                .file("/sys/kernel/config/tsm/report/trust-agent/inblob", new byte[0])
                .file("/sys/kernel/config/tsm/report/trust-agent/outblob", outblob);
        return new FakeConfigfsTsm(host.path("/sys/kernel/config/tsm/report/trust-agent"));
    }

    public byte[] inblob() {
        try {
            return Files.readAllBytes(entry.resolve("inblob"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.trustedcompute.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every driver shares (a picocli mixin): bounds, the admin token and the processes to watch. */
public final class Common {
    /** Upper bounds so a typo cannot start an endless or runaway load. */
    public static final int MAX_DURATION_SECONDS = 3600;
    public static final double MAX_RATE = 20_000;

    @Option(names = "--duration", defaultValue = "60", description = "load phase in seconds (1..3600, default ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--warmup", defaultValue = "0", description = "seconds of the same load before the measured phase "
            + "(0..3600, default ${DEFAULT-VALUE}): the services' JIT compiles first, and nothing of it is counted")
    int warmupSeconds;

    @Option(names = "--rate", defaultValue = "50", description = "target operations per second (0 < rate <= 20000, default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--token-file", description = "file holding a bearer token (AAS) with the permissions the driver needs")
    Path tokenFile;

    @Option(names = "--pid", description = "name=pid of a process whose CPU use to report (repeatable), e.g. hvs=1234")
    Map<String, Long> pids = new LinkedHashMap<>();

    @Option(names = "--raw-crypto-us", description = "JMH cost in us of the signing and signature checks one operation "
            + "needs (scripts/bench-load measures it); printed as a share of each process's CPU per operation")
    Double rawCryptoMicros;

    public Duration duration() {
        if (durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS) {
            throw new IllegalArgumentException("--duration must be 1.." + MAX_DURATION_SECONDS + " seconds");
        }
        return Duration.ofSeconds(durationSeconds);
    }

    public Duration warmup() {
        if (warmupSeconds < 0 || warmupSeconds > MAX_DURATION_SECONDS) {
            throw new IllegalArgumentException("--warmup must be 0.." + MAX_DURATION_SECONDS + " seconds");
        }
        return Duration.ofSeconds(warmupSeconds);
    }

    public double rate() {
        if (!(rate > 0 && rate <= MAX_RATE)) {
            throw new IllegalArgumentException("--rate must be in (0, " + MAX_RATE + "]");
        }
        return rate;
    }

    public String token() throws IOException {
        if (tokenFile == null) {
            throw new IllegalArgumentException("--token-file is required");
        }
        return Files.readString(tokenFile).strip();
    }

    public Map<String, Long> pids() {
        return pids;
    }

    /** The raw signature cost per operation in microseconds, or {@code null} when not given. */
    public Double rawCryptoMicros() {
        if (rawCryptoMicros != null && !(rawCryptoMicros > 0)) {
            throw new IllegalArgumentException("--raw-crypto-us must be positive");
        }
        return rawCryptoMicros;
    }
}

package dev.trustedcompute.testsupport.swtpm;

import dev.trustedcompute.testsupport.MissingToolException;
import dev.trustedcompute.testsupport.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real software TPM 2.0 (swtpm) on loopback TCP ports with its own temporary state directory, plus a
 * runner for tpm2-tools against it. There is no resource manager in front of swtpm, so tests should call
 * {@link #flush()} after each tpm2-tools step that leaves transient objects or sessions behind.
 * {@link #close()} sends TPM2_Shutdown before stopping swtpm (otherwise the next start counts an
 * unorderly shutdown towards dictionary-attack lockout) and deletes the state.
 *
 * <p>Missing binaries are a failure naming the Debian packages to install, never a skipped test.
 */
public final class Swtpm implements AutoCloseable {

    /** Debian packages providing what this fixture runs. */
    public static final String PACKAGES = "swtpm swtpm-tools tpm2-tools";
    private static final List<String> TOOLS = List.of("swtpm", "swtpm_setup", "swtpm_ioctl", "tpm2_startup",
            "tpm2_flushcontext", "tpm2_shutdown");
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    /** Result of one tool run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path root;
    private final Path stateDir;
    private final Path workDir;
    private int port;
    private Process process;
    private boolean closed;

    private Swtpm(Path root, Path stateDir, Path workDir, int port, Process process) {
        this.root = root;
        this.stateDir = stateDir;
        this.workDir = workDir;
        this.port = port;
        this.process = process;
    }

    /** Starts a fresh swtpm without EK certificates. */
    public static Swtpm start() {
        return start(false);
    }

    /**
     * Starts a fresh swtpm. With {@code ekCertificates}, swtpm_setup first manufactures the TPM: RSA 2048 and ECC P-384
     * EK certificates (NV indices 0x01c00002 / 0x01c00016) and a platform certificate, issued by swtpm's
     * local CA (root and intermediate in /var/lib/swtpm-localca).
     */
    public static Swtpm start(boolean ekCertificates) {
        requireTools();
        Path root;
        try {
            root = Files.createTempDirectory("swtpm-");
            Files.createDirectories(root.resolve("state"));
            Files.createDirectories(root.resolve("work"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path state = root.resolve("state");
        if (ekCertificates) {
            Result setup = run(root, List.of("swtpm_setup", "--tpm2", "--tpmstate", state.toString(),
                    "--create-ek-cert", "--create-platform-cert", "--overwrite"), List.of());
            if (!setup.ok()) {
                delete(root);
                throw new IllegalStateException("swtpm_setup failed: " + setup.stderr() + setup.stdout());
            }
        }
        Swtpm tpm = new Swtpm(root, state, root.resolve("work"), 0, null);
        try {
            tpm.launch();
        } catch (IllegalStateException e) {
            delete(root);
            throw e;
        }
        return tpm;
    }

    /**
     * swtpm's local CA directory, which issues the EK certificates {@link #start(boolean) start(true)} makes; on a
     * machine where swtpm_setup never ran, a throwaway TPM is manufactured first so its root and intermediate exist.
     */
    public static Path localCa() {
        Path dir = Path.of("/var/lib/swtpm-localca");
        if (!Files.isRegularFile(dir.resolve("issuercert.pem"))) {
            start(true).close();
        }
        return dir;
    }

    /** Starts the swtpm process on fresh ports over the existing state (TPM2_Startup(CLEAR) included). */
    private void launch() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int p = freePortPair();
            try {
                Process proc = new ProcessBuilder("swtpm", "socket", "--tpm2",
                        "--server", "type=tcp,port=" + p + ",bindaddr=127.0.0.1",
                        "--ctrl", "type=tcp,port=" + (p + 1) + ",bindaddr=127.0.0.1",
                        "--tpmstate", "dir=" + stateDir,
                        "--flags", "not-need-init,startup-clear",
                        "--log", "file=" + root.resolve("swtpm.log") + ",level=1")
                        .redirectErrorStream(true)
                        .redirectOutput(root.resolve("swtpm.out").toFile())
                        .start();
                if (Ports.awaitListening(p, 10_000) && proc.isAlive()) {
                    this.port = p;
                    this.process = proc;
                    return;
                }
                proc.destroyForcibly();
                last = new IllegalStateException("swtpm did not listen on 127.0.0.1:" + p + ": "
                        + read(root.resolve("swtpm.out")));
            } catch (IOException e) {
                last = new IllegalStateException("cannot start swtpm", e);
            }
        }
        throw last;
    }

    /**
     * Simulates a host reboot: orderly TPM2_Shutdown(CLEAR), a TPM power cycle through swtpm's control channel
     * ({@code swtpm_ioctl -i}), then TPM2_Startup(CLEAR). The TPM's resetCount goes up; transient objects and
     * saved contexts are gone, persistent ones stay. (Stopping and restarting the swtpm process did not raise
     * resetCount in our runs: swtpm keeps its volatile state across process restarts.)
     */
    public void reboot() {
        flush();
        tpm2("tpm2_shutdown", "-c");
        Result init = run(root, List.of("swtpm_ioctl", "--tcp", "127.0.0.1:" + (port + 1), "-i"), List.of());
        if (!init.ok()) {
            throw new IllegalStateException("swtpm_ioctl -i failed: " + init.stderr());
        }
        tpm2("tpm2_startup", "-c");
    }

    private static void requireTools() {
        requireTools(Ports::which);
    }

    /** Fails naming the Debian packages when {@code which} cannot find one of the tools. */
    static void requireTools(java.util.function.Function<String, String> which) {
        List<String> missing = TOOLS.stream().filter(t -> which.apply(t) == null).toList();
        if (!missing.isEmpty()) {
            throw new MissingToolException("swtpm fixture needs " + missing + " on PATH: install the Debian packages "
                    + PACKAGES + " (apt-get install " + PACKAGES + ")");
        }
    }

    /** Two consecutive free loopback ports (server and control channel). */
    private static int freePortPair() {
        for (int i = 0; i < 50; i++) {
            int p = Ports.freePort();
            if (p < 65535 && !Ports.listening(p + 1)) {
                try (var s = new java.net.ServerSocket(p + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException e) {
                    // taken, try another
                }
            }
        }
        throw new IllegalStateException("no free pair of loopback ports");
    }

    /** The TCTI string for tpm2-tools / tpm2-tss ({@code swtpm:host=127.0.0.1,port=P}). */
    public String tcti() {
        return "swtpm:host=127.0.0.1,port=" + port;
    }

    /** The TPM command port on 127.0.0.1 (the control channel is {@code port() + 1}). */
    public int port() {
        return port;
    }

    /** A scratch directory; tpm2-tools run with it as working directory, so relative file names land here. */
    public Path workDir() {
        return workDir;
    }

    /** swtpm's state directory. */
    public Path stateDir() {
        return stateDir;
    }

    /** Runs a tpm2-tools command ({@code tool} like {@code tpm2_quote}) against this TPM; fails on a non-zero exit. */
    public Result tpm2(String tool, String... args) {
        Result r = tpm2Result(tool, args);
        if (!r.ok()) {
            throw new IllegalStateException(tool + " " + String.join(" ", args) + " exited " + r.exitCode() + ": "
                    + r.stderr());
        }
        return r;
    }

    /** Runs a tpm2-tools command and returns its result whatever the exit code (for negative tests). */
    public Result tpm2Result(String tool, String... args) {
        if (!tool.startsWith("tpm2_")) {
            throw new IllegalArgumentException("not a tpm2-tools command: " + tool);
        }
        if (Ports.which(tool) == null) {
            throw new MissingToolException(tool + " not found on PATH: install the Debian package tpm2-tools");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(tool);
        cmd.addAll(List.of(args));
        return run(workDir, cmd, List.of("TPM2TOOLS_TCTI=" + tcti()));
    }

    /** Flushes transient objects, loaded sessions and saved sessions (no resource manager does it for us). */
    public void flush() {
        for (String kind : List.of("-t", "-l", "-s")) {
            tpm2Result("tpm2_flushcontext", kind);
        }
    }

    /** Reads a file from {@link #workDir()}. */
    public byte[] read(String name) {
        try {
            return Files.readAllBytes(workDir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file into {@link #workDir()} and returns its path. */
    public Path write(String name, byte[] content) {
        try {
            return Files.write(workDir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** TPM2_Shutdown(CLEAR), stop swtpm through its control channel, delete the state. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopProcess();
        } finally {
            delete(root);
        }
    }

    /** Whether the swtpm process is running. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    private void stopProcess() {
        try {
            if (process.isAlive()) {
                flush();
                tpm2Result("tpm2_shutdown");
                run(root, List.of("swtpm_ioctl", "--tcp", "127.0.0.1:" + (port + 1), "-s"), List.of());
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Result run(Path dir, List<String> cmd, List<String> env) {
        try {
            Path out = Files.createTempFile(dir, "out-", ".txt");
            Path err = Files.createTempFile(dir, "err-", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            for (String e : env) {
                int eq = e.indexOf('=');
                pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
            }
            Process p = pb.start();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " timed out after " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            Result r = new Result(p.exitValue(), read(out), read(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + cmd.get(0), e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory left behind is not worth failing a test for
        }
    }

    @Override
    public String toString() {
        return "Swtpm[" + tcti() + ", state=" + stateDir + "]";
    }
}

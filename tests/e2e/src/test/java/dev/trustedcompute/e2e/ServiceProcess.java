package dev.trustedcompute.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One platform component as its own operating-system process ({@code java -jar} of the built jar), output in
 * {@code target/e2e-logs/<name>.log}. {@link #close()} stops it with SIGTERM (then SIGKILL after 10 s).
 */
final class ServiceProcess implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("tc.e2e.root", "../..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("tc.e2e.version", "0.1.0-SNAPSHOT");
    static final Path LOGS = Path.of("target", "e2e-logs").toAbsolutePath();
    private static final List<String> JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** The built jar of a module ({@code services/hvs}, {@code tools/lab-support}); fails when it was not built. */
    static Path jar(String module) {
        String artifact = module.substring(module.lastIndexOf('/') + 1);
        Path jar = ROOT.resolve(module).resolve("target").resolve(artifact + "-" + VERSION + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -pl tests/e2e -am verify)");
        }
        return jar;
    }

    /** Starts {@code java -jar <jar> args...} with {@code env} added to this JVM's environment. */
    static ServiceProcess start(String name, String module, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM);
        command.add("-jar");
        command.add(jar(module).toString());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(env);
            return new ServiceProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Runs a jar's command to completion; returns its standard output, fails with its output on a non-zero exit. */
    static String run(String name, String module, Map<String, String> env, String... args) {
        ServiceProcess p = start(name, module, env, args);
        try {
            if (!p.process.waitFor(120, TimeUnit.SECONDS)) {
                p.process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish in 120 s:\n" + p.output());
            }
            if (p.process.exitValue() != 0) {
                throw new IllegalStateException(name + " exited " + p.process.exitValue() + ":\n" + p.output());
            }
            return p.output();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            p.close();
        }
    }

    /** Waits until {@code ready} holds, failing with the log's tail when the process dies or time runs out. */
    void awaitReady(BooleanSupplier ready, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited " + process.exitValue() + ":\n" + tail());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + tail());
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private String tail() {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

package dev.trustedcompute.loadgen.support;

import dev.trustedcompute.testsupport.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service's executable jar run as its own process on a free loopback port, as the load drivers meet it in a lab.
 * The jar path comes from the system property {@code loadgen.<service>-jar} (set by the module's pom from the
 * reactor); its output goes to {@code target/<service>-<port>.log}.
 */
public final class ServiceJar implements AutoCloseable {
    private final String service;
    private final Process process;
    private final int port;
    private final Path logFile;

    private ServiceJar(String service, Process process, int port, Path logFile) {
        this.service = service;
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** Starts {@code service} with Spring properties {@code properties} (as {@code --key=value} arguments). */
    public static ServiceJar start(String service, Map<String, String> properties) {
        String jar = System.getProperty("loadgen." + service + "-jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no " + service + " jar at '" + jar + "': build it first ("
                    + "./mvnw -pl tools/loadgen -am package -DskipTests)");
        }
        int port = Ports.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar, "--server.port=" + port,
                "--server.address=127.0.0.1", "--logging.level.root=WARN"));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        Path log = Path.of("target", service + "-" + port + ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ServiceJar jarProcess = new ServiceJar(service, p, port, log);
            jarProcess.awaitHealthy(Duration.ofSeconds(90));
            return jarProcess;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + service, e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGSTOP or SIGCONT: freezes the process where it is (so a test can look at its state without a race). */
    public void signal(String name) throws InterruptedException {
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run kill (procps)", e);
        }
    }

    /** SIGKILL: the service gets no chance to finish or hand back anything (a crashed instance). */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException(service + " not healthy within " + timeout + "; see " + logFile);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

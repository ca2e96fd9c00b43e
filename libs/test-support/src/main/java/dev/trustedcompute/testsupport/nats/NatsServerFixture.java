package dev.trustedcompute.testsupport.nats;

import dev.trustedcompute.testsupport.DockerEngine;
import dev.trustedcompute.testsupport.MissingToolException;
import dev.trustedcompute.testsupport.Ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real NATS server with JetStream for tests, chosen in this order: a Testcontainers NATS when a Docker
 * engine answers ({@link DockerEngine}); {@code TEST_NATS_URL}; a server
 * already listening on 127.0.0.1:4222; a {@code nats-server} binary started on a free loopback port
 * (stopped when the JVM exits). Each test class isolates itself with its own subject prefix
 * ({@link #subjectPrefix(Class)}) rather than accounts, so one server serves the whole run.
 */
public final class NatsServerFixture {

    private static String url;

    private NatsServerFixture() {
    }

    /** The NATS URL to connect to (nats://host:port). */
    public static synchronized String url() {
        if (url == null) {
            url = locate();
        }
        return url;
    }

    /** A unique subject prefix (ending in a dot) for one test class, e.g. {@code t.hoststest.1a2b3c4d.}. */
    public static String subjectPrefix(Class<?> testClass) {
        return "t." + testClass.getSimpleName().toLowerCase(Locale.ROOT) + "."
                + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    /** Starts a dedicated nats-server (for tests that must stop and restart it). Caller closes it. */
    public static DedicatedNatsServer startDedicated() {
        return DedicatedNatsServer.start(Ports.freePort(), null);
    }

    /**
     * Starts a dedicated nats-server in operator (decentralised JWT) mode, with one account whose users are signed
     * by a scoped signing key the test gets. Caller closes it.
     */
    public static OperatorNatsServer startOperatorMode() {
        return OperatorNatsServer.start();
    }

    private static String locate() {
        if (DockerEngine.available()) {
            return DockerEngine.startNats();
        }
        String fromEnv = System.getenv("TEST_NATS_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        if (Ports.listening(4222)) {
            return "nats://127.0.0.1:4222";
        }
        DedicatedNatsServer server = DedicatedNatsServer.start(Ports.freePort(), null);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        return server.url();
    }

    /**
     * A nats-server process of our own with JetStream, in a temporary store directory; optionally with a
     * configuration file (written into that directory) for settings that have no command-line flag.
     */
    public static final class DedicatedNatsServer implements AutoCloseable {

        private final int port;
        private final Path storeDir;
        private final Path config;
        private Process process;

        private DedicatedNatsServer(int port, Path storeDir, Path config) {
            this.port = port;
            this.storeDir = storeDir;
            this.config = config;
        }

        /** @param config nats-server configuration text, or null; listen address and JetStream come from flags */
        static DedicatedNatsServer start(int port, String config) {
            try {
                Path storeDir = Files.createTempDirectory("tc-nats-");
                Path configFile = null;
                if (config != null) {
                    configFile = Files.writeString(storeDir.resolve("nats.conf"), config);
                }
                DedicatedNatsServer server = new DedicatedNatsServer(port, storeDir, configFile);
                server.restart();
                return server;
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a NATS store directory", e);
            }
        }

        public String url() {
            return "nats://127.0.0.1:" + port;
        }

        /** Stops the server (if running) and starts it again on the same port and store. */
        public synchronized void restart() {
            stop();
            String binary = Ports.which("nats-server");
            if (binary == null) {
                throw new MissingToolException("No NATS server found: set TEST_NATS_URL, run one on 127.0.0.1:4222, "
                        + "or install the Debian package nats-server (apt-get install nats-server)");
            }
            List<String> command = new ArrayList<>(List.of(binary, "-a", "127.0.0.1",
                    "-p", Integer.toString(port), "-js", "-sd", storeDir.toString()));
            if (config != null) {
                command.addAll(List.of("-c", config.toString()));
            }
            try {
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(storeDir.resolve("nats.log").toFile())
                        .start();
            } catch (IOException e) {
                throw new MissingToolException("cannot start nats-server at " + binary, e);
            }
            if (!Ports.awaitListening(port, 10_000)) {
                stop();
                throw new IllegalStateException("nats-server did not listen on port " + port + " within 10 s; see "
                        + storeDir.resolve("nats.log"));
            }
        }

        public synchronized void stop() {
            if (process != null && process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            process = null;
        }

        @Override
        public void close() {
            stop();
        }
    }
}

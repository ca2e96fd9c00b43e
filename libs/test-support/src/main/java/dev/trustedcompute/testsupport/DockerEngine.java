package dev.trustedcompute.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Testcontainers, the fixtures' first choice when a Docker engine answers. The probe asks Docker only when
 * {@code DOCKER_HOST} is set or a Docker socket exists, so machines without an engine (the build machines
 * here) pay nothing and fall through to the next choice. Containers live for the test JVM (Testcontainers'
 * reaper removes them when it exits).
 */
public final class DockerEngine {
    private static final String POSTGRES_IMAGE = "postgres:15-alpine";
    private static final String NATS_IMAGE = "nats:2.10-alpine";

    private static Boolean available;

    private DockerEngine() {
    }

    public static synchronized boolean available() {
        if (available == null) {
            available = socketConfigured() && DockerClientFactory.instance().isDockerAvailable();
        }
        return available;
    }

    /** A PostgreSQL container; its superuser may create the per-class databases. */
    public static PostgreSQLContainer startPostgres() {
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
        container.start();
        return container;
    }

    /** A NATS container with JetStream; its client URL. */
    public static String startNats() {
        GenericContainer<?> container = new GenericContainer<>(NATS_IMAGE)
                .withCommand("-js")
                .withExposedPorts(4222)
                .waitingFor(Wait.forLogMessage(".*Server is ready.*", 1));
        container.start();
        return "nats://" + container.getHost() + ":" + container.getMappedPort(4222);
    }

    private static boolean socketConfigured() {
        String home = System.getProperty("user.home", "");
        return System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"));
    }
}

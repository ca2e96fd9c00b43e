package dev.trustedcompute.testsupport.postgres;

import dev.trustedcompute.testsupport.MissingToolException;
import dev.trustedcompute.testsupport.Ports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, for fault tests that stop and start it while services use it: the shared
 * server of {@link PostgresDatabase} must never be restarted. The cluster is made by {@code initdb} from the Debian
 * {@code postgresql} package in a temporary directory and listens on 127.0.0.1 on a free port (trust
 * authentication, fsync off: it holds nothing worth keeping). PostgreSQL refuses to run as root, so under root
 * every command runs as the package's {@code postgres} user. Caller closes it.
 */
public final class DedicatedPostgres implements AutoCloseable {

    private static final String SUPERUSER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path binDir;
    private final Path dataDir;
    private final int port;
    private final Thread cleanup;

    private DedicatedPostgres(Path binDir, Path dataDir, int port) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        // a test JVM that dies must not leave a postmaster behind
        this.cleanup = new Thread(this::stopImmediately);
    }

    /** Creates a new cluster and starts it. */
    public static DedicatedPostgres start() {
        Path binDir = binDir().orElseThrow(() -> new MissingToolException("No PostgreSQL server binaries (initdb, "
                + "pg_ctl) found under /usr/lib/postgresql/*/bin: install the Debian package postgresql "
                + "(apt-get install postgresql)"));
        try {
            Path home = Files.createTempDirectory("tc-pg-");
            if (runningAsRoot()) {
                UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(home, users.lookupPrincipalByName(SUPERUSER));
            }
            DedicatedPostgres server = new DedicatedPostgres(binDir, home.resolve("data"), Ports.freePort());
            server.run(binDir.resolve("initdb").toString(), "-D", server.dataDir.toString(), "-U", SUPERUSER,
                    "-A", "trust", "-E", "UTF8", "--no-sync");
            Runtime.getRuntime().addShutdownHook(server.cleanup);
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a PostgreSQL cluster directory (as user " + SUPERUSER
                    + " when running as root)", e);
        }
    }

    /** A new database on this server, owned by its superuser. */
    public PostgresDatabase createDatabase(String name) {
        try (Connection admin = DriverManager.getConnection(url("postgres"), SUPERUSER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on " + this, e);
        }
        return new PostgresDatabase(url(name), SUPERUSER, "", name);
    }

    /** Fast shutdown, as an operator's restart does: open sessions are ended, their transactions rolled back. */
    public synchronized void stop() {
        run(pgCtl(), "stop", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "30");
    }

    /** Starts the stopped server again on the same port and data. */
    public synchronized void startServer() {
        run(pgCtl(), "start", "-D", dataDir.toString(), "-w", "-t", "30", "-l", dataDir.resolveSibling("server.log")
                .toString(), "-o", "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 -c fsync=off");
    }

    @Override
    public void close() {
        stopImmediately();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException alreadyExiting) {
            // the hook runs anyway
        }
        try (Stream<Path> files = Files.walk(dataDir.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind harms nothing
        }
    }

    @Override
    public String toString() {
        return "dedicated PostgreSQL on 127.0.0.1:" + port + " (" + dataDir + ")";
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private String pgCtl() {
        return binDir.resolve("pg_ctl").toString();
    }

    private void stopImmediately() {
        try {
            run(pgCtl(), "stop", "-D", dataDir.toString(), "-m", "immediate");
        } catch (IllegalStateException alreadyStopped) {
            // stopping a stopped server is what close() may do
        }
    }

    /** Runs a PostgreSQL tool (as {@code postgres} under root); a failure carries its output. */
    private void run(String... command) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            // pg_ctl's server keeps no handle on this pipe (-l), so reading it to the end returns
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish within "
                        + COMMAND_TIMEOUT_SECONDS + " s: " + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (exit " + process.exitValue()
                        + "): " + output.strip());
            }
        } catch (IOException e) {
            throw new MissingToolException("cannot run " + full.getFirst() + " (install postgresql; under root also "
                    + "util-linux's runuser)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", full), e);
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest {@code /usr/lib/postgresql/<major>/bin} that has initdb. */
    private static Optional<Path> binDir() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparingInt(DedicatedPostgres::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

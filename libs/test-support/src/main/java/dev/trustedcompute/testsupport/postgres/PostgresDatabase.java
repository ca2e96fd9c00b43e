package dev.trustedcompute.testsupport.postgres;

import dev.trustedcompute.testsupport.DockerEngine;
import dev.trustedcompute.testsupport.MissingToolException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, isolated PostgreSQL database for one test class, on a real server. The server is chosen in
 * this order: a Testcontainers PostgreSQL when a Docker engine answers ({@link DockerEngine}); the one named
 * by {@code TEST_PG_URL} (a JDBC URL with {@code user}/{@code password}
 * parameters, whose role may create databases); a local server on 127.0.0.1:5432 reachable as
 * {@code postgres} without a password; else embedded PostgreSQL from Maven (zonky). Nothing found means a
 * failure that says what to install; tests never skip.
 */
public final class PostgresDatabase {

    private static Server server;

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String name;

    PostgresDatabase(String jdbcUrl, String username, String password, String name) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.name = name;
    }

    /** Creates a new database named after the test class (plus a random suffix). */
    public static PostgresDatabase forTestClass(Class<?> testClass) {
        Server s = server();
        String dbName = ("t_" + testClass.getSimpleName() + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection admin = DriverManager.getConnection(s.adminUrl, s.username, s.password);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + dbName);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + dbName + " on " + s.description, e);
        }
        s.created.add(dbName);
        return new PostgresDatabase(s.urlFor(dbName), s.username, s.password, dbName);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String name() {
        return name;
    }

    /** Where the server came from, for test logs. */
    public static synchronized String serverDescription() {
        return server().description;
    }

    private static synchronized Server server() {
        if (server == null) {
            server = locate();
        }
        return server;
    }

    private static Server locate() {
        if (DockerEngine.available()) {
            PostgreSQLContainer container = DockerEngine.startPostgres();
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "Testcontainers " + container.getDockerImageName());
        }
        String url = System.getenv("TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return Server.fromUrl(url.trim(), "TEST_PG_URL");
        }
        Server local = new Server("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "", "local PostgreSQL on 127.0.0.1:5432");
        if (local.reachable()) {
            return local;
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temp dir goes with it
                }
            }));
            String embeddedUrl = embedded.getJdbcUrl("postgres", "postgres");
            return new Server(embeddedUrl.split("\\?")[0], "postgres", "", "embedded PostgreSQL (zonky)");
        } catch (IOException | RuntimeException e) {
            throw new MissingToolException("No PostgreSQL found: set TEST_PG_URL, run a server on 127.0.0.1:5432 "
                    + "(apt-get install postgresql), or let embedded PostgreSQL start (it failed: " + e.getMessage() + ")", e);
        }
    }

    private record Server(String adminUrl, String username, String password, String description,
                          java.util.List<String> created) {

        Server(String adminUrl, String username, String password, String description) {
            this(adminUrl, username, password, description, new java.util.concurrent.CopyOnWriteArrayList<>());
            Runtime.getRuntime().addShutdownHook(new Thread(this::dropCreated));
        }

        /** Test databases live as long as the test JVM; FORCE ends connections pools still hold. */
        private void dropCreated() {
            if (created.isEmpty()) {
                return;
            }
            try (Connection admin = DriverManager.getConnection(adminUrl, username, password);
                 Statement statement = admin.createStatement()) {
                for (String name : created) {
                    statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
            } catch (SQLException ignored) {
                // best effort at JVM exit; a leftover test database harms nothing
            }
        }

        static Server fromUrl(String url, String source) {
            String user = parameter(url, "user", "postgres");
            String pass = parameter(url, "password", "");
            String base = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
            Server s = new Server(base, user, pass, source + " (" + base + ")");
            if (!s.reachable()) {
                throw new MissingToolException(source + " is set but PostgreSQL at " + base + " does not answer as " + user);
            }
            return s;
        }

        private static String parameter(String url, String key, String fallback) {
            int q = url.indexOf('?');
            if (q < 0) {
                return fallback;
            }
            for (String pair : url.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(key)) {
                    return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            return fallback;
        }

        boolean reachable() {
            try (Connection ignored = DriverManager.getConnection(adminUrl + "?connectTimeout=2", username, password)) {
                return true;
            } catch (SQLException e) {
                return false;
            }
        }

        String urlFor(String database) {
            int slash = adminUrl.lastIndexOf('/');
            return adminUrl.substring(0, slash + 1) + database;
        }
    }
}

package dev.trustedcompute.hvs.support;

import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Settings of an HVS under test: a fresh PostgreSQL database, the fake AAS's JWKS, the shared NATS server with a
 * subject prefix and report stream of the test class's own, and a temporary report signing key store.
 */
public final class HvsTestEnvironment {

    public static final String KEY_STORE_PASSWORD = "correct horse battery staple";

    public final PostgresDatabase db;
    public final TestTokenIssuer aas = TestTokenIssuer.start();
    public final String subjectPrefix;
    public final String reportStream;
    public final Path dataDir;

    public HvsTestEnvironment(Class<?> testClass) {
        db = PostgresDatabase.forTestClass(testClass);
        subjectPrefix = NatsServerFixture.subjectPrefix(testClass);
        reportStream = subjectPrefix.replace('.', '_').toUpperCase(Locale.ROOT) + "REPORTS";
        try {
            dataDir = Files.createTempDirectory("hvs-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers the settings, NATS at {@code natsUrl}. */
    public void register(DynamicPropertyRegistry r, String natsUrl) {
        r.add("spring.datasource.url", db::jdbcUrl);
        r.add("spring.datasource.username", db::username);
        r.add("spring.datasource.password", db::password);
        r.add("tc.security.jwks-uri", aas::jwksUri);
        r.add("tc.hvs.nats.url", () -> natsUrl);
        r.add("tc.hvs.nats.subject-prefix", () -> subjectPrefix);
        r.add("tc.hvs.nats.report-stream", () -> reportStream);
        r.add("tc.hvs.signing.key-store", () -> dataDir.resolve("report-signing.p12").toString());
        r.add("tc.hvs.signing.key-store-password", () -> KEY_STORE_PASSWORD);
    }
}

package dev.trustedcompute.attestationmanager;

import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What a manager under test runs against, per test class: a fresh PostgreSQL database, the real NATS server with
 * its own subject prefix and report stream name, a test CMS root, the AAS stand-in, the HVS stand-in.
 */
public final class ManagerTestSetup {
    public final PostgresDatabase db;
    public final TestTokenIssuer aas = TestTokenIssuer.start();
    public final TestPki pki = TestPki.create();
    /** Over HTTPS with a certificate under {@link #pki}'s root: the manager must trust the CMS root for it. */
    public final HvsStub hvs = HvsStub.startTls(pki);
    public final String natsUrl = NatsServerFixture.url();
    public final Subjects subjects;
    public final String stream;
    private final Path rootFile;

    public ManagerTestSetup(Class<?> testClass) {
        db = PostgresDatabase.forTestClass(testClass);
        subjects = new Subjects(NatsServerFixture.subjectPrefix(testClass));
        stream = "AM_" + testClass.getSimpleName().toUpperCase(Locale.ROOT) + "_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            rootFile = pki.writeRootPem(Files.createTempDirectory("am-test-"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Settings of one manager instance (web on a random port, Kubernetes actions logged only). */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        p.put("spring.datasource.url", db.jdbcUrl());
        p.put("spring.datasource.username", db.username());
        p.put("spring.datasource.password", db.password());
        p.put("tc.security.jwks-uri", aas.jwksUri());
        p.put("tc.am.cms-root-file", rootFile.toString());
        p.put("tc.am.nats.url", natsUrl);
        p.put("tc.am.nats.subject-prefix", subjects.prefix());
        p.put("tc.am.nats.report-stream", stream);
        p.put("tc.am.nats.ack-wait", "3s");
        p.put("tc.am.hvs.base-url", hvs.baseUrl());
        p.put("tc.am.hvs.aas-base-url", hvs.baseUrl());
        p.put("tc.am.hvs.username", HvsStub.USERNAME);
        p.put("tc.am.hvs.password", HvsStub.PASSWORD);
        p.put("tc.am.kubernetes.mode", "LOG");
        p.put("tc.am.stale-check-interval", "1h");
        p.put("tc.am.outbox.poll-interval", "100ms");
        p.put("tc.am.outbox.initial-backoff", "200ms");
        p.put("tc.am.outbox.max-backoff", "1s");
        return p;
    }

    public static void register(DynamicPropertyRegistry registry, Map<String, Object> properties) {
        properties.forEach((key, value) -> registry.add(key, () -> value));
    }

    public void close() {
        aas.close();
        hvs.close();
    }
}

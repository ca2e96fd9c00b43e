package dev.trustedcompute.loadgen.support;

import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The Spring properties an HVS jar needs in the load tests: its database, the fake AAS, NATS and a signing key. */
public final class HvsConfig {
    private HvsConfig() {
    }

    /** A mutable map (tests add their own settings); the report stream is named after {@code subjectPrefix}. */
    public static Map<String, String> properties(PostgresDatabase db, String jwksUri, String natsUrl,
            String subjectPrefix) throws IOException {
        Map<String, String> p = new HashMap<>();
        p.put("spring.datasource.url", db.jdbcUrl());
        p.put("spring.datasource.username", db.username());
        p.put("spring.datasource.password", db.password());
        p.put("tc.security.jwks-uri", jwksUri);
        p.put("tc.hvs.nats.url", natsUrl);
        p.put("tc.hvs.nats.subject-prefix", subjectPrefix);
        p.put("tc.hvs.nats.report-stream", reportStream(subjectPrefix));
        p.put("tc.hvs.signing.key-store", Files.createTempDirectory("hvs-").resolve("signing.p12").toString());
        p.put("tc.hvs.signing.key-store-password", "correct horse battery staple");
        return p;
    }

    public static String reportStream(String subjectPrefix) {
        return subjectPrefix.replace('.', '_').toUpperCase(Locale.ROOT) + "REPORTS";
    }
}

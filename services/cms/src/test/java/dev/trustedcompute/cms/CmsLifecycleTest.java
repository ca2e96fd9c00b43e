package dev.trustedcompute.cms;

import dev.trustedcompute.cms.cas.CaHierarchy;
import dev.trustedcompute.cms.cas.CaName;
import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up behaviour: CAs survive a restart, and a missing or wrong passphrase stops the service. */
class CmsLifecycleTest {
    static final TestTokenIssuer aas = TestTokenIssuer.start();
    static final PostgresDatabase db = PostgresDatabase.forTestClass(CmsLifecycleTest.class);

    @AfterAll
    static void stop() {
        aas.close();
    }

    private static Map<String, Object> properties(Path dataDir, String password) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        p.put("spring.datasource.url", db.jdbcUrl());
        p.put("spring.datasource.username", db.username());
        p.put("spring.datasource.password", db.password());
        p.put("tc.security.jwks-uri", aas.jwksUri());
        p.put("tc.cms.data-dir", dataDir.toString());
        if (password != null) {
            p.put("tc.cms.key-store-password", password);
        }
        return p;
    }

    private static ConfigurableApplicationContext start(Path dataDir, String password) {
        // Command-line arguments: they win over application.yaml (builder properties() would not).
        return new SpringApplicationBuilder(CmsApplication.class)
                .run(properties(dataDir, password).entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    @Test
    void startWhenDataDirHoldsCasThenSameCasAreLoaded() throws Exception {
        Path dataDir = Files.createTempDirectory("cms-restart").resolve("data");
        Map<CaName, X509Certificate> first = new LinkedHashMap<>();
        try (ConfigurableApplicationContext ctx = start(dataDir, "first start password")) {
            CaHierarchy cas = ctx.getBean(CaHierarchy.class);
            for (CaName name : CaName.values()) {
                first.put(name, cas.get(name).certificate());
            }
        }
        long modified = Files.getLastModifiedTime(dataDir.resolve("root-ca.p12")).toMillis();
        try (ConfigurableApplicationContext ctx = start(dataDir, "first start password")) {
            CaHierarchy cas = ctx.getBean(CaHierarchy.class);
            for (CaName name : CaName.values()) {
                assertThat(cas.get(name).certificate()).as(name.wireName()).isEqualTo(first.get(name));
            }
        }
        assertThat(Files.getLastModifiedTime(dataDir.resolve("root-ca.p12")).toMillis()).isEqualTo(modified);
    }

    @Test
    void startWhenPassphraseMissingThenRefusesNamingTheSetting() throws Exception {
        Path dataDir = Files.createTempDirectory("cms-nopass");
        assertThatThrownBy(() -> start(dataDir, null))
                .rootCause().hasMessageContaining("TC_CMS_KEY_STORE_PASSWORD");
        try (var files = Files.list(dataDir)) {
            assertThat(files).as("nothing is created without a passphrase").isEmpty();
        }
    }

    @Test
    void startWhenPassphraseWrongThenRefusesNamingTheFile() throws Exception {
        Path dataDir = Files.createTempDirectory("cms-wrongpass");
        start(dataDir, "the right passphrase").close();
        assertThatThrownBy(() -> start(dataDir, "the wrong passphrase"))
                .hasStackTraceContaining("wrong tc.cms.key-store-password")
                .hasStackTraceContaining("root-ca.p12");
    }
}

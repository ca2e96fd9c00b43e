package dev.trustedcompute.aas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.aas.keys.StubCms;
import dev.trustedcompute.servicekit.identity.Pem;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starting AAS: first-start bootstrap, refusal without secrets, restart keeps keys and admin, CMS-issued keys. */
class AasStartupTest {

    private static final String PASSPHRASE = "startup test passphrase";

    private static List<String> properties(PostgresDatabase db, String... extra) {
        List<String> props = new ArrayList<>(List.of(
                "server.port=0",
                "spring.datasource.url=" + db.jdbcUrl(),
                "spring.datasource.username=" + db.username(),
                "spring.datasource.password=" + db.password(),
                "tc.aas.password.memory-kib=1024",
                "tc.aas.password.iterations=1"));
        props.addAll(List.of(extra));
        return props;
    }

    private static ConfigurableApplicationContext start(List<String> properties, Class<?>... extraSources) {
        // command-line arguments: they take precedence over application.yml (builder properties would not)
        return new SpringApplicationBuilder(AasApplication.class).sources(extraSources)
                .run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    /** An application's own claims customizer replaces the default no-op one. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class TenantClaim {
        @org.springframework.context.annotation.Bean
        dev.trustedcompute.aas.token.TokenClaimsCustomizer tenantCustomizer() {
            return (request, claims) -> claims.claim("tenant", "lab-" + request.subject());
        }
    }

    @Test
    void tokenWhenCustomizerBeanDeclaredThenClaimAddedBesideSecLClaims() throws Exception {
        PostgresDatabase db = PostgresDatabase.forTestClass(AasStartupTest.class);
        try (var context = start(properties(db, "tc.aas.admin.password=admin-password-1",
                "tc.aas.signing.key-passphrase=" + PASSPHRASE, "tc.aas.token-lifetime=PT10M"), TenantClaim.class)) {
            var claims = SignedJWT.parse(api(context).token("admin", "admin-password-1")).getJWTClaimsSet();
            assertThat(claims.getStringClaim("tenant")).isEqualTo("lab-admin");
            assertThat(claims.getClaim("roles")).isNotNull();
            assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(600_000L);
        }
    }

    @Test
    void startWhenTokenLifetimeNotPositiveThenRefuses() {
        PostgresDatabase db = PostgresDatabase.forTestClass(AasStartupTest.class);
        assertThatThrownBy(() -> start(properties(db, "tc.aas.admin.password=admin-password-1",
                "tc.aas.signing.key-passphrase=" + PASSPHRASE, "tc.aas.token-lifetime=-PT1M")).close())
                .satisfies(e -> assertThat(rootCauseMessages(e)).contains("tc.aas.token-lifetime must be between"));
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    private static String rootCauseMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void startWhenNoAdministratorAndNoPasswordThenRefusesNamingTheSetting() {
        PostgresDatabase db = PostgresDatabase.forTestClass(AasStartupTest.class);
        assertThatThrownBy(() -> start(properties(db, "tc.aas.signing.key-passphrase=" + PASSPHRASE)).close())
                .satisfies(e -> assertThat(rootCauseMessages(e))
                        .contains("no AAS administrator exists and tc.aas.admin.password is not set", "TC_AAS_ADMIN_PASSWORD"));
    }

    @Test
    void startWhenNoKeyPassphraseThenRefusesNamingTheSetting() {
        PostgresDatabase db = PostgresDatabase.forTestClass(AasStartupTest.class);
        assertThatThrownBy(() -> start(properties(db, "tc.aas.admin.password=admin-password-1")).close())
                .satisfies(e -> assertThat(rootCauseMessages(e))
                        .contains("tc.aas.signing.key-passphrase", "TC_AAS_SIGNING_KEY_PASSPHRASE"));
    }

    @Test
    void restartWhenStartedBeforeThenSameKeysAdminAndTokensStillValid() throws Exception {
        PostgresDatabase db = PostgresDatabase.forTestClass(AasStartupTest.class);
        String kid;
        String token;
        String adminId;
        try (var first = start(properties(db, "tc.aas.admin.password=admin-password-1",
                "tc.aas.signing.key-passphrase=" + PASSPHRASE))) {
            Api api = api(first);
            token = api.token("admin", "admin-password-1");
            kid = SignedJWT.parse(token).getHeader().getKeyID();
            adminId = (String) ((Map<?, ?>) Api.jsonArray(api.get("/aas/v1/users?name=admin", token)).getFirst()).get("user_id");
        }
        // second start: no admin password configured any more
        try (var second = start(properties(db, "tc.aas.signing.key-passphrase=" + PASSPHRASE))) {
            Api api = api(second);
            JWKSet jwks = JWKSet.parse(api.get("/aas/v1/jwks", null).body());
            assertThat(jwks.getKeys()).extracting(k -> k.getKeyID()).containsExactly(kid);
            assertThat(api.get("/aas/v1/users/" + adminId, token).statusCode()).isEqualTo(200);
            String again = api.token("admin", "admin-password-1");
            assertThat(SignedJWT.parse(again).getHeader().getKeyID()).isEqualTo(kid);
            // default rotation interval (30 days) is not due: the scheduler's check keeps the key
            var keys = second.getBean(dev.trustedcompute.aas.keys.KeyRingService.class);
            keys.rotateIfDue();
            assertThat(keys.ring().active().kid()).isEqualTo(kid);
        }
        // third start: wrong passphrase cannot open the stored key
        assertThatThrownBy(() -> start(properties(db, "tc.aas.signing.key-passphrase=another passphrase!")).close())
                .satisfies(e -> assertThat(rootCauseMessages(e)).contains("cannot decrypt signing key " + kid));
    }

    @Test
    void rotateIfDueWhenActiveKeyOlderThanIntervalThenRotatesAndKeepsOldKey() throws Exception {
        PostgresDatabase db = PostgresDatabase.forTestClass(AasStartupTest.class);
        try (var context = start(properties(db, "tc.aas.admin.password=admin-password-1",
                "tc.aas.signing.key-passphrase=" + PASSPHRASE, "tc.aas.signing.rotation-interval=PT1S",
                "tc.aas.signing.check-interval=PT1H"))) {
            Api api = api(context);
            String token = api.token("admin", "admin-password-1");
            var keys = context.getBean(dev.trustedcompute.aas.keys.KeyRingService.class);
            String before = keys.ring().active().kid();
            Thread.sleep(1_100);
            keys.rotateIfDue();
            assertThat(keys.ring().active().kid()).isNotEqualTo(before);
            assertThat(JWKSet.parse(api.get("/aas/v1/jwks", null).body()).getKeys()).hasSize(2);
            assertThat(api.get("/aas/v1/users", token).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void twoReplicasWhenOneRotatesThenOtherAcceptsNewTokensAndPublishesNewKey() throws Exception {
        PostgresDatabase db = PostgresDatabase.forTestClass(AasStartupTest.class);
        List<String> props = properties(db, "tc.aas.admin.password=admin-password-1",
                "tc.aas.signing.key-passphrase=" + PASSPHRASE);
        try (var a = start(props); var b = start(props)) {
            Api apiA = api(a);
            Api apiB = api(b);
            String oldKid = SignedJWT.parse(apiB.token("admin", "admin-password-1")).getHeader().getKeyID();
            assertThat(apiA.post("/aas/v1/jwks/rotate", null, apiA.token("admin", "admin-password-1")).statusCode())
                    .isEqualTo(200);
            String fromA = apiA.token("admin", "admin-password-1");
            String newKid = SignedJWT.parse(fromA).getHeader().getKeyID();
            assertThat(newKid).isNotEqualTo(oldKid);
            Thread.sleep(5_100); // B reloads at most every 5 s
            assertThat(apiB.get("/aas/v1/users", fromA).statusCode()).isEqualTo(200);
            assertThat(JWKSet.parse(apiB.get("/aas/v1/jwks", null).body()).getKeys()).extracting(k -> k.getKeyID())
                    .containsExactly(newKid, oldKid);
            assertThat(SignedJWT.parse(apiB.token("admin", "admin-password-1")).getHeader().getKeyID()).isEqualTo(newKid);
        }
    }

    @Test
    void startWhenCmsConfiguredThenSigningCertificateChainsToCmsRootAndRotationUsesOwnToken() throws Exception {
        PostgresDatabase db = PostgresDatabase.forTestClass(AasStartupTest.class);
        try (StubCms cms = new StubCms();
             var context = start(properties(db, "tc.aas.admin.password=admin-password-1",
                     "tc.aas.signing.key-passphrase=" + PASSPHRASE, "tc.aas.cms-url=" + cms.url(),
                     "tc.aas.bootstrap-token=bootstrap-xyz"))) {
            Api api = api(context);
            assertThat(cms.bearerTokens).containsExactly("bootstrap-xyz");
            List<X509Certificate> chain = Pem.certificates(api.get("/aas/v1/jwt-certificates", null).body());
            assertThat(chain).hasSize(3);
            assertThat(chain.getLast()).isEqualTo(cms.root);
            chain.getFirst().verify(chain.get(1).getPublicKey());

            String admin = api.token("admin", "admin-password-1");
            assertThat(api.post("/aas/v1/jwks/rotate", null, admin).statusCode()).isEqualTo(200);
            SignedJWT selfIssued = SignedJWT.parse(cms.bearerTokens.getLast());
            assertThat(selfIssued.getHeader().getKeyID()).isEqualTo(SignedJWT.parse(admin).getHeader().getKeyID());

            cms.mode = StubCms.Mode.UNAUTHORIZED;
            String detail = Api.assertProblem(api.post("/aas/v1/jwks/rotate", null, admin), 502, "cms-unavailable");
            assertThat(detail).contains("401", "active key is unchanged");
        }
    }
}

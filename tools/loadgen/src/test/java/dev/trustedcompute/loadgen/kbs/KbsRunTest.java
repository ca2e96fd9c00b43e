package dev.trustedcompute.loadgen.kbs;

import dev.trustedcompute.loadgen.http.JsonHttp;
import dev.trustedcompute.loadgen.support.ServiceJar;
import dev.trustedcompute.loadgen.tpm.AkAlgorithm;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real AAS, RVPS and KBS jars on real PostgreSQL, configured as in a lab: KBS reads {@code trusted_aks} and
 * reference values from RVPS over HTTP, logging in to AAS as a service account. A short {@code kbs} run of full RCAR
 * sessions with quotes from simulated AKs must all succeed; and RCAR sessions, kept in PostgreSQL, survive a KBS
 * that is killed between their steps.
 */
class KbsRunTest {

    static final String ADMIN_PASSWORD = "loadgen-admin-pass-1";
    static final String RVPS_ACCOUNT = "loadgen-kbs-rvps";
    static final String RVPS_ACCOUNT_PASSWORD = "loadgen-kbs-rvps-pass-1";

    private static ServiceJar aas;
    private static ServiceJar rvps;
    private static String admin;

    @BeforeAll
    static void startAasAndRvps() throws Exception {
        aas = ServiceJar.start("aas", withDatabase("aas", Map.of(
                "tc.aas.admin.password", ADMIN_PASSWORD,
                "tc.aas.signing.key-passphrase", "loadgen signing passphrase",
                "tc.aas.password.memory-kib", "1024")));
        rvps = ServiceJar.start("rvps", withDatabase("rvps", Map.of(
                "tc.security.jwks-uri", aas.url() + "/aas/v1/jwks")));
        admin = adminToken(aas);
        createRvpsAccount(aas, admin);
    }

    @AfterAll
    static void stopAasAndRvps() {
        if (rvps != null) {
            rvps.close();
        }
        if (aas != null) {
            aas.close();
        }
    }

    @Test
    void runWhenRcarSessionsAfterAWarmUpThenNoSessionFailsAndOnlyTheMeasuredPhaseCounts() throws Exception {
        try (ServiceJar kbs = ServiceJar.start("kbs", kbsProperties())) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            KbsRun.Result result = new KbsRun(new KbsRun.Settings(kbs.url(), admin, KbsRun.Route.RCAR, 4, 50,
                    Duration.ofSeconds(4), 4, AkAlgorithm.RSA, Map.of("kbs", kbs.pid(), "rvps", rvps.pid()), null,
                    Duration.ofSeconds(3)), new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

            String output = printed.toString(StandardCharsets.UTF_8);
            System.out.println(output);
            Matcher warmUp = Pattern.compile("warm-up: 3 s, (\\d+) sessions").matcher(output);
            assertThat(warmUp.find()).as(output).isTrue();
            assertThat(Long.parseLong(warmUp.group(1))).as("sessions in the warm-up").isPositive();
            assertThat(result.seconds()).as("the measured phase only").isBetween(4.0, 6.0);
            // paced to 50/s: more than 4 s of sessions would mean the warm-up's were counted too
            assertThat(result.sessions()).as(output).isBetween(10L, 50L * 4 + 10);
            assertThat(result.errors()).as(output).isZero();
            assertThat(output).contains("session", "attest", "kbs (" + kbs.pid() + ")");
        }
    }

    /**
     * Ten sessions only authenticated and ten also attested when KBS is SIGKILLed; a new KBS on the same database
     * (and master key) finishes all of them: the first attest and then fetch the resource, the others fetch it with
     * their attested session. A cookie KBS never issued stays refused.
     */
    @Test
    void attestWhenKbsIsKilledBetweenHandshakeStepsThenSessionsFinishOnTheNewInstance() throws Exception {
        Map<String, String> properties = kbsProperties();
        List<Session> authenticated = new ArrayList<>();
        List<Session> attested = new ArrayList<>();
        KbsRun.Workloads workloads;
        try (ServiceJar first = ServiceJar.start("kbs", properties)) {
            JsonHttp kbs = new JsonHttp(first.url());
            workloads = KbsRun.Workloads.register(kbs, admin, 2, AkAlgorithm.ECC);
            for (int i = 0; i < 20; i++) {
                Session session = Session.auth(kbs, workloads.workload(i));
                if (i < 10) {
                    authenticated.add(session);
                } else {
                    assertThat(session.attest(kbs).status()).isEqualTo(200);
                    attested.add(session);
                }
            }
            first.kill();
        }
        try (ServiceJar second = ServiceJar.start("kbs", properties)) {
            JsonHttp kbs = new JsonHttp(second.url());
            String resource = "/kbs/v0/resource/" + workloads.resource();
            int released = 0;
            for (Session session : authenticated) {
                JsonHttp.Response attest = session.attest(kbs);
                assertThat(attest.status()).as(attest.body()).isEqualTo(200);
                JsonHttp.Response secret = kbs.get(resource, "Cookie", session.cookie());
                assertThat(secret.status()).as(secret.body()).isEqualTo(200);
                released++;
            }
            for (Session session : attested) {
                JsonHttp.Response secret = kbs.get(resource, "Cookie", session.cookie());
                assertThat(secret.status()).as(secret.body()).isEqualTo(200);
                released++;
            }
            System.out.printf("kbs restart: %d sessions authenticated and %d attested before the kill; %d released "
                    + "after it, 0 lost%n", authenticated.size(), attested.size(), released);
            assertThat(kbs.get(resource, "Cookie", "kbs-session-id=" + UUID.randomUUID()).status()).isEqualTo(401);
        }
    }

    /** An RCAR session after {@code auth}: its cookie, challenge nonce and workload. */
    private record Session(String cookie, String nonce, TpmWorkload workload) {

        static Session auth(JsonHttp kbs, TpmWorkload workload) throws Exception {
            JsonHttp.Response auth = kbs.postJson("/kbs/v0/auth", "{\"version\":\"0.4.0\",\"tee\":\"tpm\"}");
            assertThat(auth.status()).as(auth.body()).isEqualTo(200);
            return new Session(auth.setCookie().split(";", 2)[0], (String) auth.json().get("nonce"), workload);
        }

        JsonHttp.Response attest(JsonHttp kbs) throws Exception {
            return kbs.postJson("/kbs/v0/attest", workload.attestation(nonce), "Cookie", cookie);
        }
    }

    private static Map<String, String> kbsProperties() {
        return withDatabase("kbs", Map.of(
                "tc.security.jwks-uri", aas.url() + "/aas/v1/jwks",
                "tc.kbs.master-keys.k1", Base64.getEncoder().encodeToString(new byte[32]),
                "tc.kbs.rvps.url", rvps.url(),
                "tc.kbs.rvps.aas-url", aas.url(),
                "tc.kbs.rvps.username", RVPS_ACCOUNT,
                "tc.kbs.rvps.password", RVPS_ACCOUNT_PASSWORD));
    }

    private static Map<String, String> withDatabase(String service, Map<String, String> properties) {
        PostgresDatabase db = PostgresDatabase.forTestClass(KbsRunTest.class);
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put("spring.datasource.url", db.jdbcUrl());
        all.put("spring.datasource.username", db.username());
        all.put("spring.datasource.password", db.password());
        return all;
    }

    private static String adminToken(ServiceJar aas) throws Exception {
        JsonHttp.Response login = new JsonHttp(aas.url()).postJson("/aas/v1/token",
                Map.of("username", "admin", "password", ADMIN_PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.body().strip();
    }

    /** The service account KBS's RVPS client logs in with: query (appraisals) and create (KBS's admin forward). */
    private static void createRvpsAccount(ServiceJar aas, String admin) throws Exception {
        JsonHttp http = new JsonHttp(aas.url());
        String bearer = "Bearer " + admin;
        JsonHttp.Response role = http.postJson("/aas/v1/roles", Map.of("service", "RVPS", "name", RVPS_ACCOUNT,
                "permissions", List.of("reference_values:query:*", "reference_values:create:*")), "Authorization", bearer);
        JsonHttp.Response user = http.postJson("/aas/v1/users", Map.of("username", RVPS_ACCOUNT,
                "password", RVPS_ACCOUNT_PASSWORD), "Authorization", bearer);
        assertThat(role.status()).as(role.body()).isEqualTo(201);
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        JsonHttp.Response assigned = http.postJson("/aas/v1/users/" + user.json().get("user_id") + "/roles",
                Map.of("role_ids", List.of(role.json().get("role_id"))), "Authorization", bearer);
        assertThat(assigned.status()).as(assigned.body()).isBetween(200, 204);
    }
}

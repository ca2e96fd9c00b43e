package dev.trustedcompute.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.X509CertChainUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.testsupport.Ports;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.nats.OperatorNatsServer;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/**
 * The node-attestation flow on real processes, as the lab runs it: PostgreSQL, operator-mode NATS, swtpm (with EK
 * certificates) and CMS, AAS, HVS and the trust agent as {@code java -jar} processes on loopback ports. swtpm's PCRs
 * are extended to replay a real captured boot (GCE COS-85 event log, via {@code lab-support extend-pcrs}), and the
 * agent's host files describe that machine ({@code lab-support node-root}), so HVS's default template and its
 * event-log rules run on real firmware events.
 *
 * <p>The attestation manager runs as a process too: it onboards the node (golden flavors via HVS), decides on HVS's
 * signed reports from JetStream and fences the node through a kubeconfig. fabric8's KubernetesMockServer in CRUD mode,
 * in this JVM, stands in for the Kubernetes API server (the only mock here): it holds the node's Node object.
 */
class PlatformEndToEndTest {

    static final Path EVENT_LOG = ServiceProcess.ROOT.resolve("tools/lab-support/eventlogs/gce-cos-85-amd-sev.bin");
    static final String HOST_ID = "e2e-node-1";
    static final String LOCALCA = "/var/lib/swtpm-localca/";
    static final String TAINT = "trustedcompute.dev/attestation-failed";
    static final String STATUS_LABEL = "trustedcompute.dev/attestation-status";
    /** Bound on a manager decision (report event -> status -> Node patch); far below one poll (60 minutes). */
    static final Duration DECISION = Duration.ofSeconds(30);

    static final List<AutoCloseable> STOP = new ArrayList<>();
    static final Http HTTP = new Http();
    static Swtpm tpm;
    static OperatorNatsServer nats;
    static String cmsUrl;
    static String aasUrl;
    static String hvsUrl;
    static String amUrl;
    static ServiceProcess manager;
    static KubernetesClient kubernetes;
    static X509Certificate cmsRoot;
    static String admin;

    @TempDir
    static Path work;

    @BeforeAll
    static void startPlatform() throws Exception {
        tpm = Swtpm.start(true);
        STOP.add(tpm);
        nats = NatsServerFixture.startOperatorMode();
        STOP.add(nats);
        int cmsPort = Ports.freePort();
        int aasPort = Ports.freePort();
        int hvsPort = Ports.freePort();
        cmsUrl = "http://127.0.0.1:" + cmsPort;
        aasUrl = "http://127.0.0.1:" + aasPort;
        hvsUrl = "https://localhost:" + hvsPort;
        String jwks = aasUrl + "/aas/v1/jwks";

        Map<String, String> cmsEnv = Map.of("TC_CMS_KEY_STORE_PASSWORD", secret(), "TC_CMS_DATA_DIR",
                work.resolve("cms").toString());
        PostgresDatabase cmsDb = PostgresDatabase.forTestClass(PlatformEndToEndTest.class);
        Map<String, String> env = new HashMap<>(cmsEnv);
        env.putAll(Map.of("TC_CMS_DB_URL", cmsDb.jdbcUrl(), "TC_CMS_DB_USERNAME", cmsDb.username(),
                "TC_CMS_DB_PASSWORD", cmsDb.password(), "TC_SECURITY_JWKS_URI", jwks));
        service("cms", "services/cms", env, cmsUrl, "--server.port=" + cmsPort, "--server.address=127.0.0.1");
        String rootPem = HTTP.get(cmsUrl + "/cms/v1/ca-certificates?issuingCa=root", null, "application/x-pem-file")
                .expect(200).body();
        cmsRoot = Http.certificate(rootPem);
        HTTP.trust(cmsRoot);
        Files.writeString(work.resolve("cms-root.pem"), rootPem);
        String rootSha384 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-384").digest(cmsRoot.getEncoded()));

        String adminPassword = secret();
        PostgresDatabase aasDb = PostgresDatabase.forTestClass(PlatformEndToEndTest.class);
        service("aas", "services/aas", Map.of("TC_AAS_DB_URL", aasDb.jdbcUrl(), "TC_AAS_DB_USERNAME", aasDb.username(),
                "TC_AAS_DB_PASSWORD", aasDb.password(), "TC_AAS_ADMIN_PASSWORD", adminPassword,
                "TC_AAS_SIGNING_KEY_PASSPHRASE", secret(), "TC_AAS_CMS_URL", cmsUrl, "TC_AAS_BOOTSTRAP_TOKEN",
                cmsToken(cmsEnv, "CMS:certificates:create:CN=AAS JWT Signing Certificate;certType=Signing")),
                aasUrl, "--server.port=" + aasPort, "--server.address=127.0.0.1");
        admin = token("admin", adminPassword);

        PostgresDatabase hvsDb = PostgresDatabase.forTestClass(PlatformEndToEndTest.class);
        env = new HashMap<>(Map.of("TC_HVS_DB_URL", hvsDb.jdbcUrl(), "TC_HVS_DB_USERNAME", hvsDb.username(),
                "TC_HVS_DB_PASSWORD", hvsDb.password(), "TC_SECURITY_JWKS_URI", jwks, "TC_HVS_NATS_URL", nats.url(),
                "TC_HVS_NATS_ACCOUNT_SIGNING_SEED", nats.accountSigningSeed(),
                "TC_HVS_NATS_ACCOUNT_PUBLIC_KEY", nats.accountPublicKey(),
                "TC_HVS_SIGNING_KEY_STORE", work.resolve("hvs/report-signing.p12").toString(),
                "TC_HVS_SIGNING_KEY_STORE_PASSWORD", secret()));
        env.putAll(Map.of("TC_HVS_SIGNING_BOOTSTRAP_TOKEN",
                cmsToken(cmsEnv, "CMS:certificates:create:CN=HVS Report Signing;certType=Signing"),
                "TC_IDENTITY_CMS_URL", cmsUrl, "TC_IDENTITY_CMS_ROOT_SHA384", rootSha384,
                "TC_IDENTITY_DIR", work.resolve("hvs/identity").toString(), "TC_IDENTITY_SANS", "localhost",
                "TC_IDENTITY_KEY_STORE_PASSWORD", secret(), "TC_IDENTITY_BOOTSTRAP_TOKEN",
                cmsToken(cmsEnv, "CMS:certificates:create:CN=hvs;SAN=localhost;certType=TLS"),
                "TC_HVS_QUOTE_TIMEOUT", "15s"));
        // the manager starts alongside HVS (it calls HVS only when asked to onboard or re-attest)
        manager = startManager(jwks);
        service("hvs", "services/hvs", env, hvsUrl, "--server.port=" + hvsPort, "--server.address=127.0.0.1");
        manager.awaitReady(() -> HTTP.up(amUrl), Duration.ofSeconds(120));
        for (String ca : List.of("swtpm-localca-rootca-cert.pem", "issuercert.pem")) {
            HTTP.post(hvsUrl + "/hvs/v2/endorsement-cas", admin,
                    Map.of("certificate", Files.readString(Path.of(LOCALCA + ca)))).expect(201);
        }
    }

    /**
     * The attestation manager with its own database, an unrestricted user of the operator-mode NATS account, an AAS
     * service account for HVS (hosts:search, flavors:create, reports:create), the CMS root file and a kubeconfig
     * pointing at the mock API server, which already holds the Node object named like the host id.
     */
    private static ServiceProcess startManager(String jwks) throws Exception {
        KubernetesMockServer apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        apiServer.init();
        STOP.add(apiServer::destroy);
        kubernetes = apiServer.createClient();
        STOP.add(kubernetes);
        kubernetes.nodes().resource(new NodeBuilder().withNewMetadata().withName(HOST_ID).endMetadata()
                .withNewSpec().endSpec().build()).create();
        Path kubeconfig = Files.writeString(work.resolve("kubeconfig.yaml"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: http://%s:%d
                users:
                - name: attestation-manager
                  user:
                    token: e2e
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: attestation-manager
                current-context: mock
                """.formatted(apiServer.getHostName(), apiServer.getPort()));
        Path natsCredentials = Files.writeString(work.resolve("am.creds"), nats.adminCredentials());
        String hvsPassword = secret();
        account("e2e-attestation-manager", hvsPassword, "HVS", "hosts:search:*", "flavors:create:*", "reports:create:*");

        int amPort = Ports.freePort();
        amUrl = "http://127.0.0.1:" + amPort;
        PostgresDatabase amDb = PostgresDatabase.forTestClass(PlatformEndToEndTest.class);
        Map<String, String> env = new HashMap<>(Map.of("TC_AM_DB_URL", amDb.jdbcUrl(), "TC_AM_DB_USERNAME", amDb.username(),
                "TC_AM_DB_PASSWORD", amDb.password(), "TC_SECURITY_JWKS_URI", jwks,
                "TC_AM_CMS_ROOT_FILE", work.resolve("cms-root.pem").toString(), "TC_AM_NATS_URL", nats.url(),
                "TC_AM_NATS_CREDENTIALS_FILE", natsCredentials.toString(), "TC_AM_HVS_BASE_URL", hvsUrl,
                "TC_AM_HVS_AAS_BASE_URL", aasUrl, "TC_AM_HVS_USERNAME", "e2e-attestation-manager"));
        // as in the lab: the node root made from the captured boot has no encrypted root file system to report
        env.putAll(Map.of("TC_AM_HVS_PASSWORD", hvsPassword, "TC_AM_KUBERNETES_KUBECONFIG", kubeconfig.toString(),
                "TC_AM_REQUIRE_DISK_ENCRYPTION", "false", "TC_AM_POLL_DURATION", "60"));
        ServiceProcess process = ServiceProcess.start("attestation-manager", "services/attestation-manager", env,
                "--server.port=" + amPort, "--server.address=127.0.0.1");
        STOP.add(process);
        return process;
    }

    @AfterAll
    static void stopPlatform() {
        for (AutoCloseable c : STOP.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("stopping " + c + ": " + e);
            }
        }
    }

    @Test
    void attestWhenManagerOnboardsNodeThenTrustedUntilEventOrPcrChangesAndFailedNodeIsCordoned() throws Exception {
        Path nodeRoot = work.resolve("node");
        Path liveLog = nodeRoot.resolve("sys/kernel/security/tpm0/binary_bios_measurements");
        String pcrs = ServiceProcess.run("extend-pcrs", "tools/lab-support", Map.of(), "extend-pcrs", "--event-log",
                EVENT_LOG.toString(), "--tpm", tpm.tcti());
        assertThat(pcrs).contains("into PCRs [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] (sha256)");
        ServiceProcess.run("node-root", "tools/lab-support", Map.of(), "node-root", "--dir", nodeRoot.toString(),
                "--event-log", EVENT_LOG.toString(), "--host-name", HOST_ID);

        // onboarding with a token of an account that may only onboard (HVS:hosts:onboard)
        String onboarder = account("e2e-onboarding", secret(), "HVS", "hosts:onboard:*");
        Path tokenFile = Files.writeString(work.resolve("hvs-token"), onboarder);
        String[] agentOptions = {"--state-dir", work.resolve("agent").toString(), "--tpm", tpm.tcti(),
                "--root", nodeRoot.toString()};
        ServiceProcess.run("agent-onboard", "services/trust-agent", Map.of(), concat(new String[] {"onboard",
                "--hvs", hvsUrl, "--token-file", tokenFile.toString(), "--ca-file", work.resolve("cms-root.pem")
                .toString(), "--host-id", HOST_ID}, agentOptions));
        ServiceProcess agent = ServiceProcess.start("agent", "services/trust-agent", Map.of(), concat(new String[] {
                "run", "--nats", nats.url(), "--health-port", "-1", "--retry-interval", "1"}, agentOptions));
        STOP.add(agent);
        // the daemon's first start is a boot: it pushes evidence on its own, and HVS reports on it
        agent.awaitReady(() -> !reports().isEmpty(), Duration.ofSeconds(60));

        // the manager onboards the node: HVS takes golden flavors from its current evidence and reports again
        onboard(Map.of());
        awaitManager("VERIFIED", null, false);

        Map<String, Object> trusted = attest();
        assertThat(trusted.get("trusted")).as(trusted.toString()).isEqualTo(true);
        assertThat(trusted.get("trustReport").toString()).contains("PLATFORM=TRUSTED", "OS=TRUSTED", "OVERALL=TRUSTED");
        assertSignedByHvsUnderCmsRoot((String) trusted.get("id"));

        byte[] captured = Files.readAllBytes(EVENT_LOG);
        Files.write(liveLog, withChangedPcr7Event(captured));
        Map<String, Object> changedEvent = attest();
        assertThat(changedEvent.get("trusted")).isEqualTo(false);
        assertThat(changedEvent.get("trustReport").toString()).contains("PcrEventLogIntegrity", "PLATFORM=UNTRUSTED");
        awaitManager("ATTESTATION_FAILED", "untrusted", true);

        Files.write(liveLog, captured);
        assertThat(attest().get("trusted")).isEqualTo(true);
        // trusted again, but a failed node stays fenced until it is onboarded again and then verified
        awaitManager("VERIFIED", "awaiting-onboarding", true);
        onboard(Map.of("rebaseline", true));
        awaitManager("VERIFIED", null, false);

        tpm.tpm2("tpm2_pcrextend", "8:sha256=" + "5a".repeat(32));
        Map<String, Object> extended = attest();
        assertThat(extended.get("trusted")).isEqualTo(false);
        assertThat(extended.get("trustReport").toString()).contains("PcrMatchesConstant", "PCR 8 (SHA256)",
                "OS=UNTRUSTED");
        assertSignedByHvsUnderCmsRoot((String) extended.get("id"));
        awaitManager("ATTESTATION_FAILED", "untrusted", true);

        // a changed poll duration reaches the running agent over NATS, which keeps it in its state dir
        assertThat(HTTP.send(amUrl + "/am/v1/policy", "PUT", admin, Map.of("pollDurationMinutes", 7)).expect(200)
                .json().get("pollDurationMinutes")).isEqualTo(7);
        Path policy = work.resolve("agent/policy.json");
        agent.awaitReady(() -> Files.exists(policy) && new ObjectMapper().readTree(policy.toFile())
                .path("pollDurationMinutes").asInt() == 7, Duration.ofSeconds(20));
    }

    private static void onboard(Map<String, Object> request) {
        HTTP.post(amUrl + "/am/v1/nodes/" + HOST_ID + "/onboard", admin, request).expect(200);
    }

    /**
     * Waits (bounded by {@link #DECISION}) until the manager shows the node with {@code status} and {@code reason}
     * and the Node object in the mock API server is cordoned (unschedulable, NoSchedule taint, status label) or not.
     */
    private static void awaitManager(String status, String reason, boolean cordoned) {
        AtomicReference<String> seen = new AtomicReference<>("nothing");
        try {
            manager.awaitReady(() -> decided(status, reason, cordoned, seen), DECISION);
        } catch (IllegalStateException e) {
            throw new AssertionError("expected " + status + "/" + reason + " cordoned=" + cordoned + ", last seen "
                    + seen.get(), e);
        }
    }

    private static boolean decided(String status, String reason, boolean cordoned, AtomicReference<String> seen) {
        Map<String, Object> view = HTTP.get(amUrl + "/am/v1/nodes/" + HOST_ID, admin, "application/json").json();
        Node node = kubernetes.nodes().withName(HOST_ID).get();
        seen.set(view + " and Node spec " + node.getSpec() + " labels " + node.getMetadata().getLabels());
        boolean fenced = Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        boolean tainted = node.getSpec().getTaints() != null && node.getSpec().getTaints().stream()
                .anyMatch(t -> TAINT.equals(t.getKey()) && "NoSchedule".equals(t.getEffect()));
        boolean labelled = node.getMetadata().getLabels() != null
                && status.equals(node.getMetadata().getLabels().get(STATUS_LABEL));
        return status.equals(view.get("status")) && Objects.equals(reason, view.get("reason"))
                && view.get("cordoned").equals(cordoned) && fenced == cordoned && tainted == cordoned
                && (labelled || !cordoned);
    }

    /** HVS attests now (fresh quote over NATS from the agent process) and returns the report. */
    private static Map<String, Object> attest() {
        return HTTP.post(hvsUrl + "/hvs/v2/reports", admin, Map.of("hostId", HOST_ID)).expect(201).json();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> reports() {
        return (List<Object>) HTTP.get(hvsUrl + "/hvs/v2/reports?hostId=" + HOST_ID, admin, "application/json")
                .expect(200).json().get("reports");
    }

    /**
     * The report's JWS as issued: ES256 by the P-256 certificate in x5c (HVS enrolled its report signing key with
     * CMS on first start), which chains to the CMS root (PKIX).
     */
    private static void assertSignedByHvsUnderCmsRoot(String reportId) throws Exception {
        String compact = HTTP.get(hvsUrl + "/hvs/v2/reports/" + reportId + "/jwt", admin, "application/jwt")
                .expect(200).body();
        SignedJWT jwt = SignedJWT.parse(compact);
        List<X509Certificate> chain = X509CertChainUtils.parse(jwt.getHeader().getX509CertChain());
        PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(cmsRoot, null)));
        pkix.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                .generateCertPath(chain.stream().filter(c -> !c.equals(cmsRoot)).toList()), pkix);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(Curve.forECParameterSpec(((ECPublicKey) chain.getFirst().getPublicKey()).getParams())).isEqualTo(Curve.P_256);
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) chain.getFirst().getPublicKey()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(HOST_ID);
    }

    /** The captured log with one bit of the SHA-256 digest of its first PCR 7 event flipped (a changed event). */
    private static byte[] withChangedPcr7Event(byte[] log) throws Exception {
        TcgEvent event = EventLog.parse(log).unverifiedEvents().stream()
                .filter(e -> e.pcrIndex() == 7 && e.digest(DigestAlgorithm.SHA256).isPresent()).findFirst().orElseThrow();
        byte[] digest = event.digest(DigestAlgorithm.SHA256).orElseThrow().value();
        byte[] changed = log.clone();
        for (int i = event.offset(); i + digest.length <= changed.length; i++) {
            if (java.util.Arrays.equals(changed, i, i + digest.length, digest, 0, digest.length)) {
                changed[i] ^= 1;
                return changed;
            }
        }
        throw new IllegalStateException("digest of " + event + " not found after its offset");
    }

    /** An AAS user holding one role of {@code service} with {@code rules}; returns a token of it. */
    private static String account(String username, String password, String service, String... rules) {
        String roleId = (String) HTTP.post(aasUrl + "/aas/v1/roles", admin, Map.of("service", service, "name",
                username + "-role", "permissions", List.of(rules))).expect(201).json().get("role_id");
        String userId = (String) HTTP.post(aasUrl + "/aas/v1/users", admin, Map.of("username", username,
                "password", password)).expect(201).json().get("user_id");
        HTTP.post(aasUrl + "/aas/v1/users/" + userId + "/roles", admin, Map.of("role_ids", List.of(roleId)));
        return token(username, password);
    }

    private static String token(String username, String password) {
        return HTTP.post(aasUrl + "/aas/v1/token", null, Map.of("username", username, "password", password))
                .expect(200).body();
    }

    private static String cmsToken(Map<String, String> cmsEnv, String permission) {
        return ServiceProcess.run("cms-token", "services/cms", cmsEnv, "token", "--permission", permission,
                "--ttl", "1h").strip();
    }

    private static void service(String name, String module, Map<String, String> env, String baseUrl, String... args) {
        ServiceProcess process = ServiceProcess.start(name, module, env, args);
        STOP.add(process);
        process.awaitReady(() -> HTTP.up(baseUrl), Duration.ofSeconds(120));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String secret() {
        return UUID.randomUUID().toString();
    }
}

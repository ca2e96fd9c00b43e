package dev.trustedcompute.hvs.attestation;

import dev.trustedcompute.agentprotocol.Evidence;
import dev.trustedcompute.agentprotocol.EvidenceAck;
import dev.trustedcompute.agentprotocol.EvidencePush;
import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.NonceReply;
import dev.trustedcompute.agentprotocol.PushReason;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.agentprotocol.TrustReportSummary;
import dev.trustedcompute.hvs.HvsApplication;
import dev.trustedcompute.hvs.nats.IssuedNonce;
import dev.trustedcompute.hvs.queue.Trigger;
import dev.trustedcompute.hvs.queue.VerificationJob;
import dev.trustedcompute.hvs.queue.VerificationQueue;
import dev.trustedcompute.hvs.reports.ReportSigningKey;
import dev.trustedcompute.hvs.support.GoldenPcrEvaluator;
import dev.trustedcompute.hvs.support.HvsApi;
import dev.trustedcompute.hvs.support.HvsTestEnvironment;
import dev.trustedcompute.hvs.support.OfflineReportVerifier;
import dev.trustedcompute.hvs.support.TestBeans;
import dev.trustedcompute.hvs.support.TpmAgent;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.nats.OperatorNatsServer;
import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static dev.trustedcompute.hvs.support.HvsApi.assertProblem;
import static dev.trustedcompute.hvs.support.HvsApi.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node-attestation flow on real processes: swtpm driven by tpm2-tools as the agent's TPM, nats-server in
 * operator mode with per-host credentials HVS issues, PostgreSQL. Onboarding with real TPM2_ActivateCredential,
 * quotes requested by HVS and pushed by the agent, nonce replay, evidence signed by another host's AK, a worker
 * crash mid-job, signed reports on JetStream. The flavor engine is the {@link GoldenPcrEvaluator} stand-in.
 */
@SwtpmTest(ekCertificates = true)
@SpringBootTest(classes = HvsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tc.hvs.queue.poll-interval=200ms", "tc.hvs.queue.lease=3s", "tc.hvs.queue.retry-backoff=1s",
                "tc.hvs.queue.refresh-check=1h", "tc.hvs.quote.timeout=5s"})
@Import(TestBeans.class)
class AttestationSwtpmTest {

    static final HvsTestEnvironment env = new HvsTestEnvironment(AttestationSwtpmTest.class);
    static final OperatorNatsServer natsServer = NatsServerFixture.startOperatorMode();
    static TpmAgent agent;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GoldenPcrEvaluator evaluator;
    @Autowired
    VerificationQueue queue;
    @Autowired
    ReportSigningKey signingKey;
    @Autowired
    Subjects subjects;

    HvsApi api;
    String admin;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        env.register(r, natsServer.url());
        r.add("tc.hvs.nats.account-signing-seed", natsServer::accountSigningSeed);
        r.add("tc.hvs.nats.account-public-key", natsServer::accountPublicKey);
    }

    @AfterAll
    static void stop() {
        env.aas.close();
        natsServer.close();
    }

    @BeforeEach
    void setUp(Swtpm tpm) throws Exception {
        api = new HvsApi(port);
        admin = env.aas.token("admin", Permission.of("HVS", "*:*"));
        synchronized (AttestationSwtpmTest.class) {
            if (agent == null) {
                agent = new TpmAgent(tpm);
                for (String file : List.of("swtpm-localca-rootca-cert.pem", "issuercert.pem")) {
                    String pem = Files.readString(Swtpm.localCa().resolve(file));
                    json(api.post("/hvs/v2/endorsement-cas", "{\"certificate\":\"" + pem.replace("\n", "\\n") + "\"}",
                            admin), 201);
                }
            }
        }
        evaluator.golden(Map.of());
    }

    // ---- onboarding -------------------------------------------------------------------------------------

    private Map<String, Object> challenge(String hostId, String hardwareUuid, byte[] ekCertificate, byte[] akPublic) {
        return json(agent.requestChallenge(api, admin, hostId, hardwareUuid, ekCertificate, akPublic), 201);
    }

    private Map<String, Object> onboard(String hostId, String ak) {
        return agent.onboard(api, admin, hostId, ak, true);
    }

    @Test
    void onboardWhenEkCertChainsAndTpmActivatesThenAkPinnedAndAudited() {
        Map<String, Object> onboarded = onboard("node-onboard", "ak-onboard");

        assertThat(onboarded.get("hostId")).isEqualTo("node-onboard");
        assertThat(onboarded.get("akName")).isEqualTo(HexFormat.of().formatHex(agent.akName("ak-onboard")));
        assertThat((String) onboarded.get("natsCredentials")).contains("BEGIN NATS USER JWT", "BEGIN USER NKEY SEED");
        byte[] pinned = jdbc.sql("SELECT ak_public FROM hosts WHERE nats_host_id = 'node-onboard'").query(byte[].class).single();
        assertThat(pinned).isEqualTo(agent.akPublic("ak-onboard"));
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE host_id = :id").param("id",
                UUID.fromString((String) onboarded.get("hostUuid"))).query(String.class).list()).containsExactly("ak.pinned");
        Map<String, Object> host = json(api.get("/hvs/v2/hosts/" + onboarded.get("hostUuid"), admin), 200);
        assertThat((Map<Object, Object>) host.get("status")).containsEntry("onboarded", true)
                .containsEntry("akName", onboarded.get("akName"));
    }

    @Test
    void respondWhenAnsweredTwiceThenSecondIs410() {
        agent.createAk("ak-twice");
        Map<String, Object> challenge = challenge("node-twice", UUID.randomUUID().toString(), null, agent.akPublic("ak-twice"));
        agent.activate("ak-twice", Base64.getDecoder().decode((String) challenge.get("credentialBlob")),
                Base64.getDecoder().decode((String) challenge.get("encryptedSecret")));
        String answer = "{\"secret\":\"" + b64(agent.activatedSecret()) + "\"}";
        String path = "/hvs/v2/onboarding/challenges/" + challenge.get("challengeId") + "/response";

        json(api.post(path, answer, admin), 200);
        assertProblem(api.post(path, answer, admin), 410, "challenge-expired");
    }

    @Test
    void respondWhenSecretWrongThen403AndChallengeUsedUpAndNothingPinned() {
        agent.createAk("ak-wrong");
        Map<String, Object> challenge = challenge("node-wrong", UUID.randomUUID().toString(), null, agent.akPublic("ak-wrong"));
        String path = "/hvs/v2/onboarding/challenges/" + challenge.get("challengeId") + "/response";

        assertProblem(api.post(path, "{\"secret\":\"" + b64(new byte[32]) + "\"}", admin), 403, "challenge-failed");
        assertProblem(api.post(path, "{\"secret\":\"" + b64(new byte[32]) + "\"}", admin), 410, "challenge-expired");
        assertThat(jdbc.sql("SELECT count(*) FROM hosts WHERE nats_host_id = 'node-wrong' AND ak_public IS NOT NULL")
                .query(Long.class).single()).isZero();
    }

    @Test
    void activateWhenChallengeMadeForOtherAkThenTpmRefuses() {
        agent.createAk("ak-real");
        agent.createAk("ak-claimed");
        // the agent claims ak-claimed but its TPM holds the credential for ak-real's name only if it was made for it
        Map<String, Object> challenge = challenge("node-claim", UUID.randomUUID().toString(), null, agent.akPublic("ak-claimed"));

        Swtpm.Result result = agent.activate("ak-real", Base64.getDecoder().decode((String) challenge.get("credentialBlob")),
                Base64.getDecoder().decode((String) challenge.get("encryptedSecret")));

        assertThat(result.ok()).isFalse();
    }

    @Test
    void challengeWhenEkCertificateTamperedOrForOtherKeyThen400() {
        agent.createAk("ak-cert");
        byte[] tampered = agent.ekCertificate();
        tampered[tampered.length - 3] ^= 1;
        String base = "\"hostName\":\"n\",\"hardwareUuid\":\"" + UUID.randomUUID() + "\",\"ekPublic\":\"" + b64(agent.ekPublic())
                + "\",\"akPublic\":\"" + b64(agent.akPublic("ak-cert")) + "\"";

        assertProblem(api.post("/hvs/v2/onboarding/challenges", "{\"hostId\":\"node-cert1\"," + base
                + ",\"ekCertificate\":\"" + b64(tampered) + "\"}", admin), 400, "ek-certificate-rejected");
        // the AK is not the EK the certificate names
        String swapped = "{\"hostId\":\"node-cert2\",\"hostName\":\"n\",\"hardwareUuid\":\"" + UUID.randomUUID()
                + "\",\"ekPublic\":\"" + b64(agent.akPublic("ak-cert")) + "\",\"ekCertificate\":\"" + b64(agent.ekCertificate())
                + "\",\"akPublic\":\"" + b64(agent.akPublic("ak-cert")) + "\"}";
        assertProblem(api.post("/hvs/v2/onboarding/challenges", swapped, admin), 400, "ek-certificate-rejected");
        assertThat(jdbc.sql("SELECT count(*) FROM hosts WHERE nats_host_id LIKE 'node-cert%'").query(Long.class).single())
                .isZero();
    }

    @Test
    void challengeWhenAkIsNotARestrictedSigningKeyThen400() {
        assertProblem(api.post("/hvs/v2/onboarding/challenges", "{\"hostId\":\"node-ekak\",\"hostName\":\"n\",\"hardwareUuid\":\""
                + UUID.randomUUID() + "\",\"ekPublic\":\"" + b64(agent.ekPublic()) + "\",\"akPublic\":\""
                + b64(agent.ekPublic()) + "\"}", admin), 400, "invalid-tpm-key");
    }

    @Test
    void challengeWhenHostKnownWithOtherHardwareUuidThen409() {
        json(api.post("/hvs/v2/hosts", "{\"name\":\"node-hw\",\"hostId\":\"node-hw\",\"hardwareUuid\":\""
                + UUID.randomUUID() + "\"}", admin), 201);
        agent.createAk("ak-hw");
        String body = "{\"hostId\":\"node-hw\",\"hostName\":\"node-hw\",\"hardwareUuid\":\"" + UUID.randomUUID()
                + "\",\"ekPublic\":\"" + b64(agent.ekPublic()) + "\",\"akPublic\":\"" + b64(agent.akPublic("ak-hw")) + "\"}";

        assertProblem(api.post("/hvs/v2/onboarding/challenges", body, admin), 409, "hardware-uuid-mismatch");
    }

    @Test
    void reonboardWhenNewAkThenPinReplacedAndAudited() {
        Map<String, Object> first = onboard("node-again", "ak-again-1");
        Map<String, Object> second = onboard("node-again", "ak-again-2");

        assertThat(second.get("hostUuid")).isEqualTo(first.get("hostUuid"));
        assertThat(second.get("akName")).isNotEqualTo(first.get("akName"));
        List<Map<String, Object>> audit = jdbc.sql("SELECT action, detail::text AS detail FROM audit_log WHERE host_id = :id ORDER BY id")
                .param("id", UUID.fromString((String) first.get("hostUuid"))).query().listOfRows();
        assertThat(audit).extracting(r -> r.get("action")).containsExactly("ak.pinned", "ak.repinned");
        assertThat((String) audit.get(1).get("detail")).contains((String) first.get("akName"), (String) second.get("akName"));
    }

    @Test
    void challengeWhenPinnedHostAndAnotherEkThen409UntilAdministratorReleasesPin() {
        Map<String, Object> first = onboard("node-ek", "ak-ek-1");
        String hostUuid = (String) first.get("hostUuid");
        byte[] otherEk = agent.ekPublic();
        otherEk[otherEk.length - 1] ^= 0x01;   // another RSA EK: the modulus differs
        String body = "{\"hostId\":\"node-ek\",\"hostName\":\"node-ek\",\"hardwareUuid\":\""
                + UUID.nameUUIDFromBytes("node-ek".getBytes(StandardCharsets.UTF_8)) + "\",\"ekPublic\":\"" + b64(otherEk)
                + "\",\"akPublic\":\"" + b64(agent.akPublic("ak-ek-1")) + "\"}";

        String countChallenges = "SELECT count(*) FROM onboarding_challenges WHERE host_id = '" + hostUuid + "'";
        long challengesBefore = jdbc.sql(countChallenges).query(Long.class).single();

        assertProblem(api.post("/hvs/v2/onboarding/challenges", body, admin), 409, "ek-changed");
        assertThat(jdbc.sql(countChallenges).query(Long.class).single()).as("nothing written").isEqualTo(challengesBefore);

        assertThat(api.send("DELETE", "/hvs/v2/hosts/" + hostUuid + "/ak-pin", null, admin).statusCode()).isEqualTo(204);
        Map<String, Object> host = json(api.get("/hvs/v2/hosts/" + hostUuid, admin), 200);
        assertThat((Map<Object, Object>) host.get("status")).containsEntry("onboarded", false);
        json(api.post("/hvs/v2/onboarding/challenges", body, admin), 201);
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE host_id = :id ORDER BY id").param("id",
                UUID.fromString(hostUuid)).query(String.class).list()).containsExactly("ak.pinned", "ak.released");
    }

    // ---- per-host NATS credentials -----------------------------------------------------------------------

    @Test
    void natsCredentialsWhenUsedForOtherHostsSubjectsThenPermissionViolations() throws Exception {
        String credentials = (String) onboard("node-creds", "ak-creds").get("natsCredentials");
        List<String> errors = new CopyOnWriteArrayList<>();
        try (Connection nats = Nats.connect(new Options.Builder().server(natsServer.url()).maxReconnects(0)
                .inboxPrefix(Subjects.agentInboxPrefix(HostId.of("node-creds")))
                .authHandler(Nats.staticCredentials(credentials.getBytes(StandardCharsets.UTF_8)))
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                }).build())) {
            nats.subscribe(subjects.quoteRequest(HostId.of("node-creds")));
            nats.flush(Duration.ofSeconds(5));
            assertThat(errors).as("own subjects").isEmpty();

            nats.subscribe(subjects.agentInbound(HostId.of("someone-else")));
            nats.subscribe("_INBOX.someone-else.>");
            nats.publish(subjects.evidencePush(HostId.of("someone-else")), "{}".getBytes(StandardCharsets.UTF_8));
            nats.publish(subjects.report(HostId.of("node-creds")), "{}".getBytes(StandardCharsets.UTF_8));
            nats.flush(Duration.ofSeconds(5));
            await(() -> errors.size() >= 4, "four permission violations");
        }
        assertThat(errors).allMatch(e -> e.toLowerCase().contains("permissions violation"));
        assertThat(String.join("\n", errors)).contains("someone-else.>", "_INBOX.someone-else", "hvs.reports.node-creds");
    }

    // ---- attestation ---------------------------------------------------------------------------------------

    @Test
    void attestWhenAgentAnswersQuotesThenSignedTrustedReportOnJetStreamThenPcrChangeUntrusted() throws Exception {
        Map<String, Object> onboarded = onboard("node-attest", "ak-attest");
        HostId host = HostId.of("node-attest");
        evaluator.golden(agent.pcrs("ak-attest"));
        try (Connection nats = TpmAgent.connect(natsServer.url(), (String) onboarded.get("natsCredentials"), host)) {
            agent.serveQuotes(nats, subjects, host, "ak-attest");
            nats.flush(Duration.ofSeconds(5));
            // the onboarding queued a job; it retries until the agent answers
            Map<String, Object> report = awaitReport((String) onboarded.get("hostUuid"), 1);
            assertThat(report).containsEntry("trusted", true).containsEntry("hostId", "node-attest");
            String jwt = api.get("/hvs/v2/reports/" + report.get("id") + "/jwt", admin).body();
            TrustReportSummary summary = OfflineReportVerifier.verify(jwt, signingKey.chain().getLast());
            assertThat(summary.trusted()).isTrue();
            assertThat(summary.trust()).containsEntry("OVERALL", "TRUSTED").containsEntry("PLATFORM", "TRUSTED");
            assertThat(summary.reportId()).isEqualTo(report.get("id"));

            try (Connection observer = observer()) {
                MessageInfo event = await(() -> lastReportEvent(observer, host), "report event on JetStream");
                assertThat(event.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(report.get("id"));
                assertThat(new String(event.getData(), StandardCharsets.US_ASCII)).isEqualTo(jwt);
            }

            agent.extendPcr16();
            Map<String, Object> now = json(api.post("/hvs/v2/reports", "{\"hostId\":\"node-attest\"}", admin), 201);
            assertThat(now).containsEntry("trusted", false);
            assertThat(now.get("trustReport").toString()).contains("PcrMatchesConstant", "PCR 16");
            Map<String, Object> hostView = json(api.get("/hvs/v2/hosts/" + onboarded.get("hostUuid"), admin), 200);
            assertThat((Map<Object, Object>) hostView.get("status")).containsEntry("trust", "UNTRUSTED")
                    .containsEntry("connectionState", "CONNECTED");
            Map<String, Object> latest = json(api.get("/hvs/v2/reports?latestPerHost=true&hostUuid="
                    + onboarded.get("hostUuid"), admin), 200);
            assertThat((List<?>) latest.get("reports")).hasSize(1).first()
                    .satisfies(r -> assertThat(((Map<?, ?>) r).get("id")).isEqualTo(now.get("id")));
        }
    }

    @Test
    void attestNowWhenAgentOfflineThen504AndHostUnreachable() {
        Map<String, Object> onboarded = onboard("node-offline", "ak-offline");

        assertProblem(api.post("/hvs/v2/reports", "{\"hostUuid\":\"" + onboarded.get("hostUuid") + "\"}", admin), 504,
                "agent-unreachable");
        Map<String, Object> host = json(api.get("/hvs/v2/hosts/" + onboarded.get("hostUuid"), admin), 200);
        assertThat((Map<Object, Object>) host.get("status")).containsEntry("connectionState", "UNREACHABLE");
    }

    @Test
    void pushWhenNonceFreshThenAcceptedAndReplayRejected() throws Exception {
        Map<String, Object> onboarded = onboard("node-push", "ak-push");
        HostId host = HostId.of("node-push");
        try (Connection nats = TpmAgent.connect(natsServer.url(), (String) onboarded.get("natsCredentials"), host)) {
            EvidencePush push = agent.freshPush(nats, subjects, host, "ak-push");

            EvidenceAck ack = TpmAgent.push(nats, subjects, host, push);
            assertThat(ack.error()).isNull();
            EvidenceAck replay = TpmAgent.push(nats, subjects, host, push);
            assertThat(replay.error()).isNotNull();
            assertThat(replay.error().code()).isEqualTo("UNKNOWN_NONCE");

            EvidencePush invented = new EvidencePush(b64(new byte[32]), PushReason.SCHEDULE, push.evidence());
            assertThat(TpmAgent.push(nats, subjects, host, invented).error().code()).isEqualTo("UNKNOWN_NONCE");
            // the pushed evidence is verified by the queue: a report from job ack.jobId()
            UUID jobId = UUID.fromString(ack.jobId());
            UUID reportId = await(() -> jdbc.sql("SELECT report_id FROM verification_jobs WHERE id = :id")
                    .param("id", jobId).query(UUID.class).optional().orElse(null), "report of the pushed evidence");
            // kept as the host's last verified evidence, in the report's transaction
            assertThat(jdbc.sql("""
                    SELECT e.nonce_sha256 FROM host_evidence e JOIN reports r ON r.host_id = e.host_id
                     WHERE r.id = :report AND e.verified_at = r.created_at""")
                    .param("report", reportId).query(byte[].class).single())
                    .isEqualTo(IssuedNonce.extraData(Base64.getDecoder().decode(push.nonce())));
        }
    }

    @Test
    void nonceWhenHostNotOnboardedThenNotOnboarded() throws Exception {
        try (Connection observer = observer()) {
            NonceReply reply = TpmAgent.nonce(observer, subjects, HostId.of("never-onboarded"));
            assertThat(reply.error().code()).isEqualTo("NOT_ONBOARDED");
        }
    }

    @Test
    void pushWhenNonceIssuedToAnotherHostThenUnknownNonceAndFromHostNotOnboardedThenNotOnboarded() throws Exception {
        Map<String, Object> a = onboard("node-nonce-a", "ak-nonce-a");
        Map<String, Object> b = onboard("node-nonce-b", "ak-nonce-b");
        HostId hostA = HostId.of("node-nonce-a");
        HostId hostB = HostId.of("node-nonce-b");
        EvidencePush pushA;
        try (Connection nats = TpmAgent.connect(natsServer.url(), (String) a.get("natsCredentials"), hostA)) {
            pushA = agent.freshPush(nats, subjects, hostA, "ak-nonce-a");
        }
        try (Connection nats = TpmAgent.connect(natsServer.url(), (String) b.get("natsCredentials"), hostB)) {
            EvidencePush pushB = agent.freshPush(nats, subjects, hostB, "ak-nonce-b");
            // B's evidence with the nonce HVS issued to A
            EvidencePush borrowed = new EvidencePush(pushA.nonce(), pushB.reason(), pushB.evidence());
            assertThat(TpmAgent.push(nats, subjects, hostB, borrowed).error().code()).isEqualTo("UNKNOWN_NONCE");
        }
        HostId stranger = HostId.of("never-onboarded-push");
        Evidence e = pushA.evidence();
        EvidencePush strays = new EvidencePush(pushA.nonce(), pushA.reason(),
                new Evidence(stranger.value(), e.quote(), e.eventLog(), e.hostInfo()));
        try (Connection observer = observer()) {
            assertThat(TpmAgent.push(observer, subjects, stranger, strays).error().code()).isEqualTo("NOT_ONBOARDED");
        }
        // neither refusal used up A's nonce
        try (Connection nats = TpmAgent.connect(natsServer.url(), (String) a.get("natsCredentials"), hostA)) {
            assertThat(TpmAgent.push(nats, subjects, hostA, pushA).error()).isNull();
        }
    }

    @Test
    void pushWhenQuotedWithOtherHostsAkThenUntrustedReportWithQuoteVerifiedFault() throws Exception {
        Map<String, Object> a = onboard("node-a", "ak-a");
        onboard("node-b", "ak-b");
        HostId hostA = HostId.of("node-a");
        try (Connection nats = TpmAgent.connect(natsServer.url(), (String) a.get("natsCredentials"), hostA)) {
            NonceReply nonce = TpmAgent.nonce(nats, subjects, hostA);
            // host A's evidence, but quoted with host B's AK (same TPM here; any other key is just as wrong)
            EvidencePush forged = new EvidencePush(nonce.nonce(), PushReason.SCHEDULE,
                    agent.quote("node-a", "ak-b", Base64.getDecoder().decode(nonce.nonce())));

            EvidenceAck ack = TpmAgent.push(nats, subjects, hostA, forged);

            assertThat(ack.error()).isNull();
            UUID reportId = await(() -> jdbc.sql("SELECT report_id FROM verification_jobs WHERE id = :id")
                    .param("id", UUID.fromString(ack.jobId())).query(UUID.class).optional().orElse(null), "report");
            Map<String, Object> report = json(api.get("/hvs/v2/reports/" + reportId, admin), 200);
            assertThat(report).containsEntry("trusted", false);
            assertThat(report.get("trustReport").toString()).contains("QuoteVerified", "SIGNATURE_INVALID");
        }
    }

    // ---- the queue across a crash --------------------------------------------------------------------------

    @Test
    void queueWhenWorkerCrashesMidJobThenLeaseRunsOutAndAnotherWorkerFinishesIt() throws Exception {
        Map<String, Object> onboarded = onboard("node-crash", "ak-crash");
        UUID hostUuid = UUID.fromString((String) onboarded.get("hostUuid"));
        HostId host = HostId.of("node-crash");
        // the onboarding's job is given up, so that only the crashed job below can produce a report
        jdbc.sql("UPDATE verification_jobs SET state = 'FAILED' WHERE host_id = :h").param("h", hostUuid).update();
        // a worker of another HVS instance claimed a job and died: RUNNING, leased for 3 s, never finished
        UUID jobId = UUID.randomUUID();
        UUID deadOwner = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO verification_jobs (id, host_id, trigger, state, attempts, not_before, lease_owner, lease_until,
                                               created_at)
                VALUES (:id, :host, 'REFRESH', 'RUNNING', 1, now(), :owner, now() + interval '3 seconds', now())""")
                .param("id", jobId).param("host", hostUuid).param("owner", deadOwner).update();
        VerificationJob crashed = new VerificationJob(jobId, hostUuid, Trigger.REFRESH, null, null, 1, deadOwner);

        try (Connection nats = TpmAgent.connect(natsServer.url(), (String) onboarded.get("natsCredentials"), host)) {
            agent.serveQuotes(nats, subjects, host, "ak-crash");
            nats.flush(Duration.ofSeconds(5));
            assertThat(jdbc.sql("SELECT state FROM verification_jobs WHERE id = :id").param("id", jobId)
                    .query(String.class).single()).as("still leased by the dead worker").isEqualTo("RUNNING");
            UUID reportId = await(() -> jdbc.sql("SELECT report_id FROM verification_jobs WHERE id = :id AND state = 'DONE'")
                    .param("id", jobId).query(UUID.class).optional().orElse(null), "the job finished by a live worker");
            assertThat(json(api.get("/hvs/v2/reports/" + reportId, admin), 200).get("hostUuid")).isEqualTo(hostUuid.toString());
        }
        assertThat(jdbc.sql("SELECT attempts FROM verification_jobs WHERE id = :id").param("id", jobId)
                .query(Integer.class).single()).isEqualTo(2);
        // the dead instance coming back cannot finish the job a second time
        assertThat(queue.complete(crashed, null, "late")).isFalse();
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private Connection observer() throws Exception {
        return Nats.connect(new Options.Builder().server(natsServer.url()).maxReconnects(0)
                .authHandler(Nats.staticCredentials(natsServer.adminCredentials().getBytes(StandardCharsets.UTF_8))).build());
    }

    private MessageInfo lastReportEvent(Connection observer, HostId host) {
        try {
            return observer.jetStreamManagement().getLastMessage(env.reportStream, subjects.report(host));
        } catch (Exception e) {
            return null;
        }
    }

    private Map<String, Object> awaitReport(String hostUuid, int count) {
        return await(() -> {
            List<?> reports = (List<?>) json(api.get("/hvs/v2/reports?hostUuid=" + hostUuid, admin), 200).get("reports");
            @SuppressWarnings("unchecked")
            Map<String, Object> last = reports.size() >= count ? (Map<String, Object>) reports.getLast() : null;
            return last;
        }, "report for " + hostUuid);
    }

    private static <T> T await(Supplier<T> condition, String what) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            T value = condition.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}

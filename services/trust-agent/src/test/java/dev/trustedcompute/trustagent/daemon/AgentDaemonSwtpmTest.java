package dev.trustedcompute.trustagent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.HostInfoReply;
import dev.trustedcompute.agentprotocol.PolicyUpdate;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.PushReason;
import dev.trustedcompute.agentprotocol.QuoteReply;
import dev.trustedcompute.agentprotocol.QuoteRequest;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import dev.trustedcompute.trustagent.AgentContext;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.ak.AkManager;
import dev.trustedcompute.trustagent.nats.NatsConnector;
import dev.trustedcompute.trustagent.state.AkRecord;
import dev.trustedcompute.trustagent.state.PolicyRecord;
import dev.trustedcompute.trustagent.state.StateDirectory;
import dev.trustedcompute.trustagent.testing.StandInHvsNats;
import dev.trustedcompute.trustagent.testing.TestHost;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.AkAlgorithm;
import dev.trustedcompute.trustagent.tpm.TpmEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon against real NATS and a real swtpm, with a stand-in for HVS's NATS side that verifies every quote.
 * Poll-duration "minutes" last one second here ({@code Settings.minute}), so schedules are observable in a test.
 */
@SwtpmTest
class AgentDaemonSwtpmTest {

    private static final int AK_HANDLE = 0x81018030;
    private static final HostId HOST = HostId.of("edge-7");
    private static final Duration SECOND_MINUTES = Duration.ofSeconds(1);

    @TempDir
    static Path root;
    @TempDir
    static Path akState;
    @TempDir
    Path state;

    private static Swtpm swtpm;
    private static Subjects subjects;
    private static StandInHvsNats hvs;
    private static TestHost host;
    private AgentDaemon daemon;

    @BeforeAll
    static void start(Swtpm tpm) throws Exception {
        swtpm = tpm;
        host = TestHost.ubuntu(root).file("/sys/kernel/security/tpm0/binary_bios_measurements",
                TestHost.evidence("eventlog-glinux-alex.bin"));
        subjects = new Subjects(NatsServerFixture.subjectPrefix(AgentDaemonSwtpmTest.class));
        hvs = StandInHvsNats.start(NatsServerFixture.url(), subjects);
        new AkManager(new AgentTpm(TpmEndpoint.parse(tpm.tcti())), StateDirectory.open(akState))
                .ensure(AkAlgorithm.RSA_2048, AK_HANDLE);
        hvs.pin(StateDirectory.open(akState).readJson(AkRecord.FILE, AkRecord.class).orElseThrow().publicBytes());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        hvs.close();
    }

    @BeforeEach
    void agentWithItsAk() throws Exception {
        Files.copy(akState.resolve(AkRecord.FILE), state.resolve(AkRecord.FILE));
        host.file("/proc/sys/kernel/random/boot_id", TestHost.BOOT_ID);
        hvs.refuseNonces.set(0);
        hvs.drain();
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        assertThat(new AgentTpm(TpmEndpoint.parse(swtpm.tcti())).transientHandles()).isEmpty();
    }

    private static AgentDaemon.Settings settings(Path stateDir, boolean dev, int pollMinutes, int healthPort)
            throws AgentException {
        AgentContext context = new AgentContext(stateDir, TpmEndpoint.parse(swtpm.tcti()), AK_HANDLE, host.paths(),
                host.paths().tpmEventLog());
        NatsConnector nats = new NatsConnector(NatsServerFixture.url(), dev ? Optional.empty()
                : Optional.of(stateDir.resolve("nats.creds")), Optional.empty(), Duration.ofMillis(500));
        return new AgentDaemon.Settings(context, nats, dev, subjects, Optional.of(HOST.value()), pollMinutes,
                SECOND_MINUTES, Duration.ofSeconds(1), healthPort);
    }

    private AgentDaemon startAgent(int pollMinutes) throws AgentException {
        daemon = AgentDaemon.start(settings(state, true, pollMinutes, -1), Clock.systemUTC());
        return daemon;
    }

    private static StandInHvsNats.Push push() throws InterruptedException {
        StandInHvsNats.Push push = hvs.nextPush(Duration.ofSeconds(15));
        assertThat(push).as("a push within 15 s").isNotNull();
        assertThat(push.verified()).as(push.detail()).isTrue();
        return push;
    }

    @Test
    void startWhenNoPushRecordedThenBootPushWhoseQuoteVerifies() throws Exception {
        startAgent(60);

        StandInHvsNats.Push push = push();

        assertThat(push.reason()).isEqualTo(PushReason.BOOT);
        assertThat(push.evidence().hostId()).isEqualTo("edge-7");
        assertThat(push.evidence().eventLog()).isNotNull();
        assertThat(push.evidence().quote().pcrs().get("sha256")).containsOnlyKeys("0", "1", "7");
    }

    @Test
    void quoteRequestWhenHvsAsksThenEvidenceForItsNonceAndPcrs() throws Exception {
        startAgent(60);
        push();
        byte[] nonce = new byte[32];
        nonce[5] = 9;

        var reply = hvs.connection().request(subjects.quoteRequest(HOST), ProtocolJson.encode(new QuoteRequest(
                Base64.getEncoder().encodeToString(nonce), Map.of("sha256", List.of(0, 7)), true)),
                Duration.ofSeconds(15));

        QuoteReply quote = ProtocolJson.decode(reply.getData(), QuoteReply.class);
        assertThat(quote.error()).isNull();
        hvs.verify(quote.evidence(), nonce);
        assertThat(quote.evidence().quote().pcrs().get("sha256")).containsOnlyKeys("0", "7");
        assertThat(Base64.getDecoder().decode(quote.evidence().eventLog()))
                .isEqualTo(TestHost.evidence("eventlog-glinux-alex.bin"));
    }

    @Test
    void quoteRequestWhenVerifiedWithAnotherNonceThenRejected() throws Exception {
        startAgent(60);
        push();
        byte[] nonce = new byte[32];

        var reply = hvs.connection().request(subjects.quoteRequest(HOST), ProtocolJson.encode(new QuoteRequest(
                Base64.getEncoder().encodeToString(nonce), StandInHvsNats.PCRS, false)), Duration.ofSeconds(15));

        QuoteReply quote = ProtocolJson.decode(reply.getData(), QuoteReply.class);
        byte[] other = nonce.clone();
        other[0] = 1;
        assertThatThrownBy(() -> hvs.verify(quote.evidence(), other)).hasMessageContaining("extraData");
    }

    @Test
    void quoteRequestWhenMalformedThenBadRequestReply() throws Exception {
        startAgent(60);
        push();

        var reply = hvs.connection().request(subjects.quoteRequest(HOST),
                "{\"nonce\":\"AAAA\",\"pcrs\":{\"sha256\":[0]}}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(15));

        QuoteReply quote = ProtocolJson.decode(reply.getData(), QuoteReply.class);
        assertThat(quote.error().code()).isEqualTo("BAD_REQUEST");
        assertThat(quote.error().message()).contains("nonce");
    }

    @Test
    void hostInfoRequestWhenHvsAsksThenHostInfo() throws Exception {
        startAgent(60);
        push();

        var reply = hvs.connection().request(subjects.hostInfoRequest(HOST), new byte[0], Duration.ofSeconds(15));

        HostInfoReply info = ProtocolJson.decode(reply.getData(), HostInfoReply.class);
        assertThat(info.hostInfo().hardwareUuid()).isEqualTo(TestHost.HARDWARE_UUID);
        assertThat(info.hostInfo().tees()).containsExactly("tpm");
        assertThat(info.hostInfo().bootId()).isEqualTo(TestHost.BOOT_ID);
    }

    @Test
    void restartWhenSameBootThenNoBootPushAndNextPushOnSchedule() throws Exception {
        AgentDaemon first = startAgent(60);
        push();
        first.close();

        AgentDaemon again = startAgent(60);

        assertThat(hvs.nextPush(Duration.ofSeconds(3))).as("no push after a plain restart").isNull();
        assertThat(again.scheduler().nextPush()).isPresent();
        assertThat(again.scheduler().nextPush().get()).isEqualTo(again.scheduler().lastPush().get().plusSeconds(60));
    }

    @Test
    void restartWhenBootIdChangedThenBootPush() throws Exception {
        AgentDaemon first = startAgent(60);
        push();
        first.close();
        host.file("/proc/sys/kernel/random/boot_id", "9d1e0a55-0000-4000-8000-000000000001");

        startAgent(60);

        assertThat(push().reason()).isEqualTo(PushReason.BOOT);
    }

    @Test
    void restartWhenTpmWasResetThenBootPush() throws Exception {
        AgentDaemon first = startAgent(60);
        push();
        first.close();
        swtpm.reboot();

        startAgent(60);

        assertThat(push().reason()).isEqualTo(PushReason.BOOT);
    }

    @Test
    void policyUpdateWhenPollShortenedThenScheduledPushFollowsWithoutRestart() throws Exception {
        AgentDaemon agent = startAgent(60);
        push();

        hvs.connection().publish(subjects.policyUpdate(HOST), ProtocolJson.encode(new PolicyUpdate(2)));

        StandInHvsNats.Push scheduled = push();
        assertThat(scheduled.reason()).isEqualTo(PushReason.SCHEDULE);
        assertThat(agent.scheduler().pollDurationMinutes()).isEqualTo(2);
        assertThat(StateDirectory.open(state).readJson(PolicyRecord.FILE, PolicyRecord.class))
                .contains(new PolicyRecord(2));
        assertThat(push().reason()).as("and again every 2 'minutes'").isEqualTo(PushReason.SCHEDULE);
    }

    @Test
    void policyUpdateWhenPollLengthenedThenNoPushUntilTheNewTime() throws Exception {
        startAgent(5);
        push();

        hvs.connection().publish(subjects.policyUpdate(HOST), ProtocolJson.encode(new PolicyUpdate(30)));

        assertThat(hvs.nextPush(Duration.ofSeconds(8))).as("no push at the old 5-'minute' schedule").isNull();
    }

    @Test
    void pushWhenHvsRefusesTheNonceThenRetriedUntilAccepted() throws Exception {
        hvs.refuseNonces.set(2);

        startAgent(60);

        assertThat(push().reason()).isEqualTo(PushReason.BOOT);
        assertThat(hvs.refuseNonces.get()).isZero();
    }

    @Test
    void healthWhenEnabledThenLoopbackJson() throws Exception {
        daemon = AgentDaemon.start(settings(state, true, 60, 0), Clock.systemUTC());
        push();

        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + daemon.healthPort() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"nats\":\"CONNECTED\"")
                .contains("\"hostId\":\"edge-7\"");
    }

    @Test
    void startWhenNotDevAndNoNatsCredentialsThenNotOnboarded() {
        assertThatThrownBy(() -> AgentDaemon.start(settings(state, false, 60, -1), Clock.systemUTC()))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.NOT_ONBOARDED);
                    assertThat(e.getMessage()).contains("nats.creds").contains("trust-agent onboard");
                });
    }

    @Test
    void startWhenNotDevAndNoAkThenNotOnboarded(@TempDir Path empty) {
        assertThatThrownBy(() -> AgentDaemon.start(settings(empty, false, 60, -1), Clock.systemUTC()))
                .isInstanceOfSatisfying(AgentException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.NOT_ONBOARDED));
    }
}

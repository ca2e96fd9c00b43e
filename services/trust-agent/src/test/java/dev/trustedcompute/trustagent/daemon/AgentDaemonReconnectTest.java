package dev.trustedcompute.trustagent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.agentprotocol.HostId;
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
import dev.trustedcompute.trustagent.nats.NatsConnector;
import dev.trustedcompute.trustagent.state.AkRecord;
import dev.trustedcompute.trustagent.state.StateDirectory;
import dev.trustedcompute.trustagent.testing.StandInHvsNats;
import dev.trustedcompute.trustagent.testing.TestHost;
import dev.trustedcompute.trustagent.tpm.TpmEndpoint;
import dev.trustedcompute.testsupport.Ports;
import dev.trustedcompute.trustagent.AgentException;
import io.nats.client.Message;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent rides out a NATS restart (its own nats-server process, stopped and started on the same port): requests
 * are answered and pushes go through again without restarting the agent.
 */
@SwtpmTest
class AgentDaemonReconnectTest {

    private static final HostId HOST = HostId.of("edge-reconnect");

    @Test
    void requestsAndPushesWhenNatsRestartedThenServedAgainWithoutAgentRestart(Swtpm swtpm, @TempDir Path root,
                                                                              @TempDir Path state) throws Exception {
        TestHost host = TestHost.ubuntu(root);
        Subjects subjects = new Subjects(NatsServerFixture.subjectPrefix(AgentDaemonReconnectTest.class));
        try (var nats = NatsServerFixture.startDedicated();
             StandInHvsNats hvs = StandInHvsNats.start(nats.url(), subjects)) {
            AgentContext context = new AgentContext(state, TpmEndpoint.parse(swtpm.tcti()), 0x81018040, host.paths(),
                    host.paths().tpmEventLog());
            AgentDaemon.Settings settings = new AgentDaemon.Settings(context, new NatsConnector(nats.url(),
                    Optional.empty(), Optional.empty(), Duration.ofMillis(250)), true, subjects,
                    Optional.of(HOST.value()), 60, Duration.ofSeconds(1), Duration.ofSeconds(1), -1);
            try (AgentDaemon daemon = AgentDaemon.start(settings, Clock.systemUTC())) {
                hvs.pin(StateDirectory.open(state).readJson(AkRecord.FILE, AkRecord.class).orElseThrow().publicBytes());
                assertThat(hvs.nextPush(Duration.ofSeconds(15))).extracting(StandInHvsNats.Push::reason)
                        .isEqualTo(PushReason.BOOT);
                awaitRecorded(daemon);

                nats.restart();

                QuoteReply reply = quoteWithin(hvs, subjects, Duration.ofSeconds(30));
                assertThat(reply.error()).isNull();
                hvs.verify(reply.evidence(), new byte[32]);
                hvs.connection().publish(subjects.policyUpdate(HOST), ProtocolJson.encode(new PolicyUpdate(1)));
                StandInHvsNats.Push push = hvs.nextPush(Duration.ofSeconds(15));
                assertThat(push).isNotNull();
                assertThat(push.reason()).isEqualTo(PushReason.SCHEDULE);
                assertThat(push.verified()).as(push.detail()).isTrue();
                assertThat(daemon.scheduler().lastPush()).isPresent();
            }
        }
    }

    @Test
    void startWhenNatsIsDownThenHealthAnswersAndBootPushFollowsOnceNatsIsUp(Swtpm swtpm, @TempDir Path root,
                                                                          @TempDir Path state) throws Exception {
        TestHost host = TestHost.ubuntu(root);
        Subjects subjects = new Subjects(NatsServerFixture.subjectPrefix(AgentDaemonReconnectTest.class));
        try (var nats = NatsServerFixture.startDedicated()) {
            nats.stop();
            AgentContext context = new AgentContext(state, TpmEndpoint.parse(swtpm.tcti()), 0x81018041, host.paths(),
                    host.paths().tpmEventLog());
            int healthPort = Ports.freePort();
            AgentDaemon.Settings settings = new AgentDaemon.Settings(context, new NatsConnector(nats.url(),
                    Optional.empty(), Optional.empty(), Duration.ofMillis(250)), true, subjects,
                    Optional.of(HOST.value()), 60, Duration.ofSeconds(1), Duration.ofSeconds(1), healthPort);
            CompletableFuture<AgentDaemon> started = CompletableFuture.supplyAsync(() -> {
                try {
                    return AgentDaemon.start(settings, Clock.systemUTC());
                } catch (AgentException e) {
                    throw new CompletionException(e);
                }
            });
            try {
                assertThat(Ports.awaitListening(healthPort, 15_000)).as("health while NATS is down").isTrue();
                assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + healthPort + "/health")).build(), HttpResponse.BodyHandlers.ofString())
                        .body()).contains("\"nats\":\"CONNECTING\"");

                nats.restart();
                try (StandInHvsNats hvs = StandInHvsNats.start(nats.url(), subjects)) {
                    hvs.pin(StateDirectory.open(state).readJson(AkRecord.FILE, AkRecord.class).orElseThrow()
                            .publicBytes());
                    StandInHvsNats.Push push = hvs.nextPush(Duration.ofSeconds(20));
                    assertThat(push).isNotNull();
                    assertThat(push.reason()).isEqualTo(PushReason.BOOT);
                    assertThat(push.verified()).as(push.detail()).isTrue();
                }
            } finally {
                started.get(30, TimeUnit.SECONDS).close();
            }
        }
    }

    /** Until the agent has the ack of its push (a restart before that loses the ack and costs a 30 s timeout). */
    private static void awaitRecorded(AgentDaemon daemon) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (daemon.scheduler().lastPush().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(daemon.scheduler().lastPush()).as("push acknowledged").isPresent();
    }

    /** HVS retries its request while both sides reconnect, as a real verifier would. */
    private static QuoteReply quoteWithin(StandInHvsNats hvs, Subjects subjects, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        byte[] request = ProtocolJson.encode(new QuoteRequest(Base64.getEncoder().encodeToString(new byte[32]),
                StandInHvsNats.PCRS, false));
        while (Instant.now().isBefore(deadline)) {
            try {
                Message reply = hvs.connection().request(subjects.quoteRequest(HOST), request, Duration.ofSeconds(2));
                if (reply != null && reply.getData().length > 0) {
                    return ProtocolJson.decode(reply.getData(), QuoteReply.class);
                }
            } catch (RuntimeException e) {
                // no responders yet while the agent reconnects
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no quote-request answered within " + limit + " after the NATS restart");
    }
}

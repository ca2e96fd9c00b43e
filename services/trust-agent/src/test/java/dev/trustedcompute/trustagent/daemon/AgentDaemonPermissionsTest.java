package dev.trustedcompute.trustagent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.HostInfoReply;
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
import dev.trustedcompute.trustagent.testing.PermissionedNats;
import dev.trustedcompute.trustagent.testing.StandInHvsNats;
import dev.trustedcompute.trustagent.testing.TestHost;
import dev.trustedcompute.trustagent.tpm.TpmEndpoint;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent works within the NATS permissions of its per-host credentials: it publishes only to its own
 * {@code hvs.agents.<hostId>.>}, receives replies only on {@code _INBOX.<hostId>.>} and answers requests once.
 */
@SwtpmTest
class AgentDaemonPermissionsTest {

    private static final HostId HOST = HostId.of("edge-9");

    @Test
    void pushAndRequestsWhenAgentHasOnlyItsHostsPermissionsThenAllServed(Swtpm swtpm, @TempDir Path root,
                                                                         @TempDir Path state) throws Exception {
        TestHost host = TestHost.ubuntu(root);
        Subjects subjects = new Subjects(NatsServerFixture.subjectPrefix(AgentDaemonPermissionsTest.class));
        try (PermissionedNats nats = PermissionedNats.start(subjects, HOST);
             StandInHvsNats hvs = StandInHvsNats.start(nats.url("hvs"), subjects)) {
            AgentContext context = new AgentContext(state, TpmEndpoint.parse(swtpm.tcti()), 0x81018050, host.paths(),
                    host.paths().tpmEventLog());
            AgentDaemon.Settings settings = new AgentDaemon.Settings(context, new NatsConnector(nats.url("agent"),
                    Optional.empty(), Optional.empty(), Duration.ofMillis(250)), true, subjects,
                    Optional.of(HOST.value()), 60, Duration.ofMinutes(1), Duration.ofSeconds(1), -1);
            try (AgentDaemon daemon = AgentDaemon.start(settings, Clock.systemUTC())) {
                hvs.pin(StateDirectory.open(state).readJson(AkRecord.FILE, AkRecord.class).orElseThrow().publicBytes());

                StandInHvsNats.Push push = hvs.nextPush(Duration.ofSeconds(15));
                assertThat(push).as("boot push; server log: %s", nats.log()).isNotNull();
                assertThat(push.reason()).isEqualTo(PushReason.BOOT);
                var quote = hvs.connection().request(subjects.quoteRequest(HOST), ProtocolJson.encode(
                        new QuoteRequest(Base64.getEncoder().encodeToString(new byte[16]), StandInHvsNats.PCRS, false)),
                        Duration.ofSeconds(15));
                hvs.verify(ProtocolJson.decode(quote.getData(), QuoteReply.class).evidence(), new byte[16]);
                var info = hvs.connection().request(subjects.hostInfoRequest(HOST), new byte[0], Duration.ofSeconds(15));
                assertThat(ProtocolJson.decode(info.getData(), HostInfoReply.class).hostInfo()).isNotNull();
                assertThat(nats.log()).doesNotContain("Violation");
            }
        }
    }

    /** The twin that shows the server above enforces what it claims: the default inbox gets no reply. */
    @Test
    void requestWhenAgentUsesTheDefaultInboxThenSubscriptionViolationAndNoReply() throws Exception {
        Subjects subjects = new Subjects(NatsServerFixture.subjectPrefix(AgentDaemonPermissionsTest.class));
        try (PermissionedNats nats = PermissionedNats.start(subjects, HOST);
             StandInHvsNats hvs = StandInHvsNats.start(nats.url("hvs"), subjects);
             Connection agent = Nats.connect(nats.url("agent"))) {
            Message reply = null;
            try {
                reply = agent.request(subjects.nonceRequest(HOST), new byte[0], Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                // jnats may also fail the request outright
            }

            assertThat(reply).isNull();
            assertThat(nats.log()).contains("Subscription Violation");
        }
    }
}

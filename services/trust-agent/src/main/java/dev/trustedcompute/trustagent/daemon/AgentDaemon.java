package dev.trustedcompute.trustagent.daemon;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.trustagent.AgentContext;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.ak.AkManager;
import dev.trustedcompute.trustagent.ak.AttestationKey;
import dev.trustedcompute.trustagent.evidence.EvidenceCollector;
import dev.trustedcompute.trustagent.hostinfo.HostInfoCollector;
import dev.trustedcompute.trustagent.nats.AgentResponder;
import dev.trustedcompute.trustagent.nats.EvidencePusher;
import dev.trustedcompute.trustagent.nats.NatsConnector;
import dev.trustedcompute.trustagent.state.StateDirectory;
import dev.trustedcompute.trustagent.tee.TeeDetector;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.AkAlgorithm;
import io.nats.client.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The long-running agent: one outbound NATS connection, answers to HVS's requests, evidence pushed on boot and
 * every poll duration, optional health on loopback. No inbound port.
 */
public final class AgentDaemon implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AgentDaemon.class.getName());

    /**
     * @param nats               NATS URL, credentials (empty only in dev mode) and TLS trust
     * @param dev                development mode: no NATS credentials needed, an AK is created when missing
     * @param hostId             explicit host id; else the onboarded one
     * @param defaultPollMinutes poll duration until a policy-update sets another
     * @param minute             length of a poll-duration minute (one minute; shorter in tests)
     * @param retryInterval      wait before retrying a failed push
     * @param healthPort         loopback health port; negative for none, 0 for any free port
     */
    public record Settings(AgentContext context, NatsConnector nats, boolean dev, Subjects subjects,
                           Optional<String> hostId, int defaultPollMinutes, Duration minute, Duration retryInterval,
                           int healthPort) {
    }

    private final Connection connection;
    private final AgentResponder responder;
    private final PushScheduler scheduler;
    private final HealthServer health;

    private AgentDaemon(Connection connection, AgentResponder responder, PushScheduler scheduler,
                        HealthServer health) {
        this.connection = connection;
        this.responder = responder;
        this.scheduler = scheduler;
        this.health = health;
    }

    public static AgentDaemon start(Settings settings, Clock clock) throws AgentException {
        AgentContext context = settings.context();
        StateDirectory state = context.state();
        AgentTpm tpm = context.agentTpm();
        AkManager akManager = context.akManager(tpm);
        AttestationKey ak = settings.dev()
                ? akManager.current().orElse(akManager.ensure(AkAlgorithm.RSA_2048, context.akHandle()))
                : akManager.require();
        HostId hostId = context.hostId(settings.hostId());
        HostInfoCollector hostInfo = context.hostInfo();
        EvidenceCollector evidence = new EvidenceCollector(tpm, ak, hostInfo, context.eventLogSource(),
                TeeDetector.labels(context.detectTees(tpm)));
        PushScheduler.BootState boot = new PushScheduler.BootState(hostInfo.bootId(), tpm.clock().resetCount());

        // health first: it answers (nats CONNECTING) while the connect below waits for a NATS that is down
        AtomicReference<Connection> connected = new AtomicReference<>();
        AtomicReference<PushScheduler> scheduling = new AtomicReference<>();
        HealthServer health = settings.healthPort() < 0 ? null : HealthServer.start(settings.healthPort(),
                () -> health(hostId, connected.get(), scheduling.get()));
        Connection connection;
        try {
            connection = settings.nats().connect(hostId);
        } catch (AgentException | RuntimeException e) {
            if (health != null) {
                health.close();
            }
            throw e;
        }
        connected.set(connection);
        EvidencePusher pusher = new EvidencePusher(connection, settings.subjects(), hostId, evidence, clock);
        PushScheduler scheduler = new PushScheduler(pusher::push, state, clock, settings.defaultPollMinutes(),
                settings.minute(), settings.retryInterval());
        scheduling.set(scheduler);
        AgentResponder responder = new AgentResponder(connection, hostId, evidence, scheduler::changePollDuration);
        responder.start(settings.subjects());
        scheduler.start(boot);
        LOG.log(System.Logger.Level.INFO, "trust agent {0} running as host {1} (AK {2} at 0x{3}), NATS {4}",
                AgentContext.VERSION, hostId, ak.nameHex(), Integer.toHexString(ak.handle()), settings.nats().url());
        return new AgentDaemon(connection, responder, scheduler, health);
    }

    private static Map<String, Object> health(HostId hostId, Connection connection, PushScheduler scheduler) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "UP");
        h.put("hostId", hostId.value());
        h.put("nats", connection == null ? "CONNECTING" : connection.getStatus().name());
        h.put("pollDurationMinutes", scheduler == null ? null : scheduler.pollDurationMinutes());
        h.put("lastPush", scheduler == null ? null : scheduler.lastPush().map(Object::toString).orElse(null));
        h.put("nextPush", scheduler == null ? null : scheduler.nextPush().map(Object::toString).orElse(null));
        return h;
    }

    /** The health port actually bound (for --health-port 0), or -1 without health. */
    public int healthPort() {
        return health == null ? -1 : health.port();
    }

    public PushScheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        responder.close();
        scheduler.close();
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (health != null) {
            health.close();
        }
    }
}

package dev.trustedcompute.trustagent.cli;

import dev.trustedcompute.agentprotocol.PolicyUpdate;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.trustagent.AgentContext;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.TrustedCertificates;
import dev.trustedcompute.trustagent.cc.CcBackends;
import dev.trustedcompute.trustagent.cc.CcSocketServer;
import dev.trustedcompute.trustagent.cc.CcTrustedApi;
import dev.trustedcompute.trustagent.daemon.AgentDaemon;
import dev.trustedcompute.trustagent.nats.NatsConnector;
import dev.trustedcompute.trustagent.state.OnboardingRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description = {
        "Run the agent: connect out to NATS with the onboarding credentials, answer quote-request and",
        "host-info-request, push evidence on boot and every poll duration. Stops on SIGTERM/SIGINT."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    AgentOptions options;

    @Option(names = "--nats", paramLabel = "URL", defaultValue = "${env:TC_AGENT_NATS_URL:-nats://127.0.0.1:4222}",
            description = "NATS server. Env TC_AGENT_NATS_URL. Default: ${DEFAULT-VALUE}")
    String nats;

    @Option(names = "--nats-creds", paramLabel = "FILE", defaultValue = "${env:TC_AGENT_NATS_CREDS}",
            description = "NATS .creds file. Env TC_AGENT_NATS_CREDS. Default: <state-dir>/nats.creds from onboarding")
    Path natsCredentials;

    @Option(names = "--dev", description = "Development: connect without NATS credentials and create an AK when "
            + "none exists (never for production: HVS has not pinned such an AK)")
    boolean dev;

    @Option(names = "--subject-prefix", paramLabel = "PREFIX", defaultValue = "${env:TC_AGENT_SUBJECT_PREFIX:-}",
            description = "Prefix of every NATS subject (dot-terminated), to share a NATS server. Env TC_AGENT_SUBJECT_PREFIX")
    String subjectPrefix;

    @Option(names = "--host-id", paramLabel = "ID", description = "NATS host id. Default: the onboarded one")
    Optional<String> hostId;

    @Option(names = "--poll-duration", paramLabel = "MINUTES", defaultValue = "${env:TC_AGENT_POLL_DURATION:-60}",
            description = "Minutes between pushes until a policy-update sets another. Env TC_AGENT_POLL_DURATION. "
                    + "Default: ${DEFAULT-VALUE}")
    int pollMinutes;

    @Option(names = "--retry-interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "Wait before retrying a failed push. Default: ${DEFAULT-VALUE}")
    int retrySeconds;

    @Option(names = "--health-port", paramLabel = "PORT", defaultValue = "${env:TC_AGENT_HEALTH_PORT:-8448}",
            description = "GET http://127.0.0.1:PORT/health; -1 disables. Env TC_AGENT_HEALTH_PORT. Default: ${DEFAULT-VALUE}")
    int healthPort;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "CA certificates for a tls:// NATS server")
    Optional<Path> caFile;

    @Option(names = "--cc-socket", paramLabel = "PATH", defaultValue = "${env:TC_AGENT_CC_SOCKET}",
            description = "Serve the CC Trusted API to workloads on this Unix socket (e.g. /run/trust-agent/cc.sock). "
                    + "Env TC_AGENT_CC_SOCKET. Default: off")
    Optional<Path> ccSocket;

    @Option(names = "--cc-backend", paramLabel = "KIND", defaultValue = "auto",
            description = "CC Trusted API backend: auto, tpm, tdx or azure. Default: ${DEFAULT-VALUE}")
    String ccBackend;

    @Option(names = "--cc-socket-mode", paramLabel = "OCTAL",
            defaultValue = "${env:TC_AGENT_CC_SOCKET_MODE:-" + CcSocketServer.Settings.DEFAULT_MODE + "}",
            description = "Permissions of the CC API socket, e.g. 0660 with --cc-socket-group. "
                    + "Env TC_AGENT_CC_SOCKET_MODE. Default: ${DEFAULT-VALUE}")
    String ccSocketMode;

    @Option(names = "--cc-socket-group", paramLabel = "GROUP", defaultValue = "${env:TC_AGENT_CC_SOCKET_GROUP}",
            description = "Group of the CC API socket. Env TC_AGENT_CC_SOCKET_GROUP. Default: the agent's")
    Optional<String> ccSocketGroup;

    @Option(names = "--cc-rate-burst", paramLabel = "N", defaultValue = "" + CcSocketServer.Settings.DEFAULT_BURST,
            description = "CC API requests a caller (uid) may make at once. Default: ${DEFAULT-VALUE}")
    int ccRateBurst;

    @Option(names = "--cc-rate", paramLabel = "PER_SECOND", defaultValue = "" + CcSocketServer.Settings.DEFAULT_PER_SECOND,
            description = "CC API requests per second a caller (uid) regains. Default: ${DEFAULT-VALUE}")
    double ccRate;

    @Override
    public Integer call() throws AgentException {
        AgentDaemon.Settings settings = settings();
        Optional<CcSocketServer> cc = ccSocket.isPresent() ? Optional.of(ccServer(settings.context())) : Optional.empty();
        AgentDaemon daemon = AgentDaemon.start(settings, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cc.ifPresent(CcSocketServer::close);
            daemon.close();
            stopped.countDown();
        }, "trust-agent-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private CcSocketServer ccServer(AgentContext context) throws AgentException {
        CcBackends backend;
        CcSocketServer.Settings socket;
        try {
            backend = CcBackends.fromLabel(ccBackend);
            socket = CcSocketServer.Settings.defaults(ccSocket.orElseThrow())
                    .withAccess(ccSocketMode, ccSocketGroup, ccRateBurst, ccRate);
        } catch (IllegalArgumentException e) {
            throw new AgentException(Failure.BAD_INPUT, "--cc-backend / --cc-socket-* / --cc-rate*: " + e.getMessage());
        }
        return CcSocketServer.start(socket, new CcTrustedApi(backend.open(context)));
    }

    AgentDaemon.Settings settings() throws AgentException {
        if (pollMinutes < 1 || pollMinutes > PolicyUpdate.MAX_MINUTES) {
            throw new AgentException(Failure.BAD_INPUT, "--poll-duration must be 1.."
                    + PolicyUpdate.MAX_MINUTES + " minutes");
        }
        if (retrySeconds < 1) {
            throw new AgentException(Failure.BAD_INPUT, "--retry-interval must be at least 1 second");
        }
        Subjects subjects;
        try {
            subjects = new Subjects(subjectPrefix);
        } catch (IllegalArgumentException e) {
            throw new AgentException(Failure.BAD_INPUT, "--subject-prefix: " + e.getMessage());
        }
        AgentContext context = options.context();
        Optional<Path> credentials = natsCredentials != null ? Optional.of(natsCredentials)
                : dev ? Optional.empty()
                : Optional.of(context.state().file(OnboardingRecord.NATS_CREDENTIALS_FILE));
        NatsConnector connector = new NatsConnector(nats, credentials, TrustedCertificates.from(caFile),
                Duration.ofSeconds(2));
        return new AgentDaemon.Settings(context, connector, dev, subjects, hostId, pollMinutes, Duration.ofMinutes(1),
                Duration.ofSeconds(retrySeconds), healthPort);
    }
}

package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.agentprotocol.EvidenceAck;
import dev.trustedcompute.agentprotocol.EvidencePush;
import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.NonceReply;
import dev.trustedcompute.agentprotocol.ProtocolError;
import dev.trustedcompute.agentprotocol.ProtocolException;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.hvs.config.HvsProperties;
import dev.trustedcompute.hvs.hosts.HostRepository;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves agents' requests: {@code hvs.agents.<hostId>.nonce} (a single-use nonce and the PCRs to quote) and
 * {@code hvs.agents.<hostId>.evidence} (evidence made with such a nonce, queued for verification). Every HVS
 * instance subscribes in queue group {@value #QUEUE_GROUP}, so each request is served once. The host is the one
 * named by the subject, which per-host NATS credentials tie to the agent.
 * <p>
 * A jnats dispatcher delivers on one thread, and every request waits on PostgreSQL (a nonce insert, or a nonce
 * used up and a job queued in one statement), so the dispatcher only hands requests to {@code tc.hvs.nats.handler-threads}
 * threads. When {@code handler-backlog} requests wait, the dispatcher serves the next one itself and so takes no
 * more until it is done: NATS then holds the rest (back-pressure instead of an unbounded queue in memory).
 * Replies go to each request's own inbox, so the order they are served in does not matter.
 */
@Component
public class AgentListener implements SmartLifecycle {

    static final String QUEUE_GROUP = "hvs";
    /** Error codes in replies (asyncapi.yaml ProtocolError). */
    static final String BAD_REQUEST = "BAD_REQUEST";
    static final String NOT_ONBOARDED = "NOT_ONBOARDED";
    static final String UNKNOWN_NONCE = "UNKNOWN_NONCE";
    static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private static final Logger log = LoggerFactory.getLogger(AgentListener.class);

    private final Connection nats;
    private final Subjects subjects;
    private final HostRepository hosts;
    private final NonceService nonces;
    private final QuoteSelection selection;
    private final EvidenceSink sink;
    private final HvsProperties.Nats settings;
    private Dispatcher dispatcher;
    private ThreadPoolExecutor handlers;

    public AgentListener(Connection nats, Subjects subjects, HostRepository hosts, NonceService nonces,
                         QuoteSelection selection, EvidenceSink sink, HvsProperties properties) {
        this.nats = nats;
        this.subjects = subjects;
        this.hosts = hosts;
        this.nonces = nonces;
        this.selection = selection;
        this.sink = sink;
        this.settings = properties.nats();
    }

    @Override
    public synchronized void start() {
        handlers = new ThreadPoolExecutor(settings.handlerThreads(), settings.handlerThreads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.handlerBacklog()),
                Thread.ofPlatform().name("hvs-agent-requests-", 0).factory(), new ThreadPoolExecutor.CallerRunsPolicy());
        dispatcher = nats.createDispatcher();
        dispatcher.subscribe(subjects.allNonceRequests(), QUEUE_GROUP,
                m -> handlers.execute(() -> serve(m, this::nonce, NonceReply::failed)));
        dispatcher.subscribe(subjects.allEvidencePushes(), QUEUE_GROUP,
                m -> handlers.execute(() -> serve(m, this::evidence, EvidenceAck::refused)));
    }

    /** Stops taking requests, then lets the ones already taken finish so each gets its reply. */
    @Override
    public synchronized void stop() {
        if (dispatcher != null) {
            nats.closeDispatcher(dispatcher);
            dispatcher = null;
            handlers.shutdown();
            try {
                if (!handlers.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("agent requests still running after 30 s; stopping without their replies");
                    handlers.shutdownNow();
                }
            } catch (InterruptedException e) {
                handlers.shutdownNow();
                Thread.currentThread().interrupt();
            }
            handlers = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return dispatcher != null;
    }

    /** A request refused with a protocol error code. */
    private static final class Refused extends Exception {
        final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    @FunctionalInterface
    private interface Handler {
        Object handle(HostId host, Message request) throws Refused;
    }

    private void serve(Message request, Handler handler, java.util.function.Function<ProtocolError, Object> failure) {
        if (request.getReplyTo() == null) {
            return; // requests only; a bare publish has no one to answer
        }
        Object reply;
        try {
            reply = handler.handle(hostId(request), request);
        } catch (Refused e) {
            reply = failure.apply(new ProtocolError(e.code, e.getMessage()));
        } catch (RuntimeException e) {
            log.error("serving {} failed", request.getSubject(), e);
            reply = failure.apply(new ProtocolError(INTERNAL_ERROR, "HVS could not serve the request"));
        }
        nats.publish(request.getReplyTo(), ProtocolJson.encode(reply));
    }

    private HostId hostId(Message request) throws Refused {
        try {
            return subjects.hostIdOf(request.getSubject());
        } catch (ProtocolException e) {
            throw new Refused(BAD_REQUEST, e.getMessage());
        }
    }

    // The nonce's INSERT (here) and UPDATE (in evidence) name the onboarded host by its NATS id: no separate host
    // look-up, which was about a quarter of a request's CPU under load.
    private NonceReply nonce(HostId host, Message request) throws Refused {
        IssuedNonce nonce = nonces.issueToAgent(host, NoncePurpose.EVIDENCE_PUSH, selection.asMessage())
                .orElseThrow(() -> notOnboarded(host));
        return NonceReply.of(nonce.base64(), nonce.expiresAt(), selection.asMessage());
    }

    private EvidenceAck evidence(HostId host, Message request) throws Refused {
        EvidencePush push;
        try {
            push = ProtocolJson.decode(request.getData(), EvidencePush.class);
        } catch (ProtocolException e) {
            throw new Refused(BAD_REQUEST, e.getMessage());
        }
        if (!push.evidence().hostId().equals(host.value())) {
            throw new Refused(BAD_REQUEST, "evidence names host '" + push.evidence().hostId() + "' but came on "
                    + request.getSubject());
        }
        Optional<UUID> jobId = sink.accept(host, Base64.getDecoder().decode(push.nonce()), request.getData());
        if (jobId.isEmpty()) {
            if (hosts.onboardedHostId(host).isEmpty()) {
                throw notOnboarded(host);
            }
            throw new Refused(UNKNOWN_NONCE, "the nonce was not issued to '" + host
                    + "' for an evidence push, was used already, or expired");
        }
        return EvidenceAck.accepted(jobId.get().toString());
    }

    private static Refused notOnboarded(HostId host) {
        return new Refused(NOT_ONBOARDED, "host '" + host + "' has not onboarded an attestation key with HVS");
    }
}

package dev.trustedcompute.loadgen.agents;

import dev.trustedcompute.agentprotocol.Evidence;
import dev.trustedcompute.agentprotocol.EvidenceAck;
import dev.trustedcompute.agentprotocol.EvidencePush;
import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.HostInfo;
import dev.trustedcompute.agentprotocol.NonceReply;
import dev.trustedcompute.agentprotocol.ProtocolError;
import dev.trustedcompute.agentprotocol.ProtocolException;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.PushReason;
import dev.trustedcompute.agentprotocol.QuoteReply;
import dev.trustedcompute.agentprotocol.QuoteRequest;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.agentprotocol.TpmQuote;
import dev.trustedcompute.loadgen.stats.Measurements;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.loadgen.tpm.SoftTpm;
import dev.trustedcompute.loadgen.tpm.SyntheticEventLog;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One simulated node: its software TPM and event log, its own NATS connection (inbox prefix {@code _INBOX.<hostId>.}
 * as the agent's credentials require), answering HVS's quote requests and pushing evidence (nonce first) when the
 * driver's schedule says so. At most one push is in flight; a tick that finds one is counted as {@code skipped-busy}.
 */
final class SimulatedAgent implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HostId host;
    private final String hardwareUuid;
    private final SoftTpm tpm;
    private final SyntheticEventLog log;
    private final String eventLogBase64;
    private final Subjects subjects;
    private final Measurements m;
    private final AtomicBoolean pushing = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Long> awaitingReport = new ConcurrentLinkedQueue<>();
    private final String bootId = UUID.randomUUID().toString();
    private volatile Connection nats;

    SimulatedAgent(HostId host, SoftTpm tpm, SyntheticEventLog log, Subjects subjects, Measurements m) {
        this.host = host;
        this.hardwareUuid = UUID.nameUUIDFromBytes(host.value().getBytes(StandardCharsets.UTF_8)).toString();
        this.tpm = tpm;
        this.log = log;
        this.eventLogBase64 = Base64.getEncoder().encodeToString(log.bytes());
        this.subjects = subjects;
        this.m = m;
    }

    HostId host() {
        return host;
    }

    String hardwareUuid() {
        return hardwareUuid;
    }

    SoftTpm tpm() {
        return tpm;
    }

    /** Connects (credentials may be null on a NATS without per-host auth) and serves quote requests. */
    void connect(String url, String credentials) throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        Options.Builder options = Options.builder().server(url).connectionName(host.value())
                .inboxPrefix(Subjects.agentInboxPrefix(host)).maxReconnects(-1).reconnectWait(Duration.ofMillis(500))
                .connectionTimeout(Duration.ofSeconds(5)).errorListener(new io.nats.client.ErrorListener() { });
        if (credentials != null) {
            options.authHandler(Nats.staticCredentials(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        Connection connection = Nats.connectReconnectOnConnect(options.build());
        connection.createDispatcher(this::answerQuoteRequest).subscribe(subjects.quoteRequest(host));
        connection.flush(Duration.ofSeconds(5));
        Connection previous = nats;
        nats = connection;
        if (previous != null) {
            previous.close();
        }
    }

    private void answerQuoteRequest(Message request) {
        QuoteReply reply;
        try {
            QuoteRequest q = ProtocolJson.decode(request.getData(), QuoteRequest.class);
            reply = QuoteReply.of(evidence(Base64.getDecoder().decode(q.nonce()), q.pcrs()));
        } catch (ProtocolException | IllegalArgumentException e) {
            m.error("quote-request-bad");
            reply = QuoteReply.failed(new ProtocolError("BAD_REQUEST", e.getMessage()));
        }
        nats.publish(request.getReplyTo(), ProtocolJson.encode(reply));
        m.count("quote-replies");
    }

    /**
     * Starts a push (nonce, quote, evidence) unless one is in flight; the returned future completes when HVS
     * acknowledged or refused it (refusals and timeouts are counted as errors by kind).
     */
    CompletableFuture<Void> push(Executor executor) {
        if (!pushing.compareAndSet(false, true)) {
            m.count("skipped-busy");
            return CompletableFuture.completedFuture(null);
        }
        long start = System.nanoTime();
        m.count("pushes-sent");
        return nats.requestWithTimeout(subjects.nonceRequest(host), "{}".getBytes(StandardCharsets.UTF_8), REQUEST_TIMEOUT)
                .thenApplyAsync(msg -> {
                    NonceReply nonce = decode(msg, NonceReply.class, "nonce");
                    if (nonce.error() != null) {
                        throw new PushFailure("nonce-" + nonce.error().code());
                    }
                    m.latency("nonce", System.nanoTime() - start);
                    return ProtocolJson.encode(new EvidencePush(nonce.nonce(), PushReason.SCHEDULE,
                            evidence(Base64.getDecoder().decode(nonce.nonce()), nonce.pcrs())));
                }, executor)
                .thenCompose(push -> nats.requestWithTimeout(subjects.evidencePush(host), push, REQUEST_TIMEOUT))
                .handle((msg, failure) -> {
                    pushing.set(false);
                    if (failure != null) {
                        m.error(kind(failure));
                        return null;
                    }
                    try {
                        EvidenceAck ack = decode(msg, EvidenceAck.class, "ack");
                        if (ack.error() != null) {
                            m.error("push-" + ack.error().code());
                            return null;
                        }
                    } catch (PushFailure e) {
                        m.error(e.getMessage());
                        return null;
                    }
                    awaitingReport.add(start);
                    m.latency("push-acked", System.nanoTime() - start);
                    m.count("pushes-accepted");
                    return null;
                });
    }

    /** HVS published a report for this host: the push it answers (if any) completed end to end. */
    void reportArrived(long now) {
        Long pushedAt = awaitingReport.poll();
        if (pushedAt != null) {
            m.latency("push-to-report", now - pushedAt);
        }
    }

    /** The agent-protocol evidence for {@code nonce}: a quote whose extraData is SHA-256(nonce), as the agent makes. */
    Evidence evidence(byte[] nonce, Map<String, List<Integer>> pcrs) {
        List<Integer> indices = pcrs.get("sha256");
        if (indices == null || pcrs.size() != 1) {
            throw new IllegalArgumentException("the simulator has only the SHA-256 bank, asked for " + pcrs.keySet());
        }
        TreeMap<Integer, byte[]> selected = new TreeMap<>();
        Map<String, String> hex = new LinkedHashMap<>();
        for (int i : indices) {
            selected.put(i, log.sha256Pcrs().get(i));
            hex.put(Integer.toString(i), HexFormat.of().formatHex(log.sha256Pcrs().get(i)));
        }
        SoftTpm.Quote quote = tpm.quote(TpmHash.SHA256.digest(nonce), selected);
        Base64.Encoder b64 = Base64.getEncoder();
        return new Evidence(host.value(), new TpmQuote(b64.encodeToString(quote.attest()),
                b64.encodeToString(quote.signature()), Map.of("sha256", hex)), eventLogBase64,
                new HostInfo(host.value(), hardwareUuid, "Ubuntu", "24.04", "6.8.0-loadgen", "loadgen", "1.0", false,
                        null, "2.0", List.of("tpm"), bootId, "loadgen"));
    }

    private static <T> T decode(Message msg, Class<T> type, String what) {
        try {
            return ProtocolJson.decode(msg.getData(), type);
        } catch (ProtocolException e) {
            throw new PushFailure(what + "-undecodable");
        }
    }

    private static String kind(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof PushFailure p) {
            return p.getMessage();
        }
        if (cause instanceof java.util.concurrent.CancellationException || cause instanceof java.util.concurrent.TimeoutException) {
            return "nats-timeout";
        }
        return "nats-" + cause.getClass().getSimpleName();
    }

    @Override
    public void close() throws InterruptedException {
        Connection c = nats;
        if (c != null) {
            c.close();
        }
    }

    /** A push step that failed with a known kind (the message). */
    private static final class PushFailure extends RuntimeException {
        PushFailure(String kind) {
            super(kind, null, false, false);
        }
    }
}

package dev.trustedcompute.trustagent.testing;

import dev.trustedcompute.agentprotocol.Evidence;
import dev.trustedcompute.agentprotocol.EvidenceAck;
import dev.trustedcompute.agentprotocol.EvidencePush;
import dev.trustedcompute.agentprotocol.NonceReply;
import dev.trustedcompute.agentprotocol.ProtocolError;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.PushReason;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for HVS's NATS side (HVS is built separately): issues nonces on {@code hvs.agents.*.nonce} and takes
 * pushed evidence on {@code hvs.agents.*.evidence}, verifying each push with libs/tpm-quote (the AK HVS would have
 * pinned, SHA-256 of a nonce it issued and has not seen used) before acknowledging it.
 */
public final class StandInHvsNats implements AutoCloseable {

    /** A push HVS received, and whether its quote verified. */
    public record Push(PushReason reason, Evidence evidence, boolean verified, String detail) {
    }

    public static final Map<String, List<Integer>> PCRS = Map.of("sha256", List.of(0, 1, 7));

    private final Connection connection;
    private final Subjects subjects;
    private final Dispatcher dispatcher;
    private final BlockingQueue<Push> pushes = new LinkedBlockingQueue<>();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private volatile byte[] akPublic;
    /** Number of nonce requests to refuse (NOT_ONBOARDED) before serving again. */
    public final AtomicInteger refuseNonces = new AtomicInteger();

    private StandInHvsNats(Connection connection, Subjects subjects) {
        this.connection = connection;
        this.subjects = subjects;
        this.dispatcher = connection.createDispatcher();
        dispatcher.subscribe(subjects.allNonceRequests(), this::nonce);
        dispatcher.subscribe(subjects.allEvidencePushes(), this::evidence);
    }

    public static StandInHvsNats start(String url, Subjects subjects) throws Exception {
        Connection c = Nats.connect(Options.builder().server(url).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500)).build());
        StandInHvsNats hvs = new StandInHvsNats(c, subjects);
        c.flush(Duration.ofSeconds(5));
        return hvs;
    }

    /** The AK HVS pinned (pushes are verified against it). */
    public void pin(byte[] akTpmtPublic) {
        this.akPublic = akTpmtPublic;
    }

    public Connection connection() {
        return connection;
    }

    /** The next push within {@code timeout}, or null. */
    public Push nextPush(Duration timeout) throws InterruptedException {
        return pushes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Forgets pushes received so far (those of an earlier test). */
    public void drain() {
        pushes.clear();
    }

    private void nonce(Message m) {
        if (refuseNonces.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            connection.publish(m.getReplyTo(), ProtocolJson.encode(NonceReply.failed(
                    new ProtocolError("NOT_ONBOARDED", "host is not registered"))));
            return;
        }
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        String b64 = Base64.getEncoder().encodeToString(nonce);
        issued.add(b64);
        connection.publish(m.getReplyTo(), ProtocolJson.encode(NonceReply.of(b64,
                Instant.now().plusSeconds(300), PCRS)));
    }

    private void evidence(Message m) {
        try {
            EvidencePush push = ProtocolJson.decode(m.getData(), EvidencePush.class);
            if (!issued.remove(push.nonce())) {
                connection.publish(m.getReplyTo(), ProtocolJson.encode(EvidenceAck.refused(
                        new ProtocolError("UNKNOWN_NONCE", "nonce not issued or already used"))));
                return;
            }
            String detail = "verified";
            boolean verified;
            try {
                verify(push.evidence(), Base64.getDecoder().decode(push.nonce()));
                verified = true;
            } catch (Exception e) {
                verified = false;
                detail = e.toString();
            }
            connection.publish(m.getReplyTo(), ProtocolJson.encode(EvidenceAck.accepted(UUID.randomUUID().toString())));
            connection.flush(Duration.ofSeconds(5));
            // only now a test may go on (and restart NATS or close this stand-in): the ack is on its way
            pushes.add(new Push(push.reason(), push.evidence(), verified, detail));
        } catch (Exception e) {
            connection.publish(m.getReplyTo(), ProtocolJson.encode(EvidenceAck.refused(
                    new ProtocolError("BAD_REQUEST", e.getMessage()))));
        }
    }

    /** What HVS does with a quote: the pinned AK, SHA-256(nonce) as extraData, the PCRs as selected. */
    public void verify(Evidence evidence, byte[] nonce) throws Exception {
        SortedMap<Integer, byte[]> values = new TreeMap<>();
        evidence.quote().pcrs().get("sha256").forEach((i, hex) -> values.put(Integer.parseInt(i),
                HexFormat.of().parseHex(hex)));
        AkPublic.parse(akPublic).verify(TpmsAttest.parse(Base64.getDecoder().decode(evidence.quote().attest())),
                TpmtSignature.parse(Base64.getDecoder().decode(evidence.quote().signature())),
                new PcrBank(TpmHash.SHA256, values), TpmHash.SHA256.digest(nonce));
    }

    @Override
    public void close() throws InterruptedException {
        connection.closeDispatcher(dispatcher);
        connection.close();
    }
}

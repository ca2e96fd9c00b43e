package dev.trustedcompute.trustagent.nats;

import dev.trustedcompute.agentprotocol.Evidence;
import dev.trustedcompute.agentprotocol.EvidenceAck;
import dev.trustedcompute.agentprotocol.EvidencePush;
import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.NonceReply;
import dev.trustedcompute.agentprotocol.ProtocolException;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.PushReason;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.evidence.EvidenceCollector;
import dev.trustedcompute.trustagent.state.PushRecord;
import dev.trustedcompute.trustagent.tpm.PcrRequest;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Pushes evidence on the agent's own initiative: first a nonce from HVS ({@code hvs.agents.<hostId>.nonce}, which
 * also names the PCRs), then the evidence made with it ({@code hvs.agents.<hostId>.evidence}) until HVS
 * acknowledges. Returns what to record as the last push.
 */
public final class EvidencePusher {

    private static final Duration NONCE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;
    private final Subjects subjects;
    private final HostId hostId;
    private final EvidenceCollector evidence;
    private final Clock clock;

    public EvidencePusher(Connection connection, Subjects subjects, HostId hostId, EvidenceCollector evidence,
                          Clock clock) {
        this.connection = connection;
        this.subjects = subjects;
        this.hostId = hostId;
        this.evidence = evidence;
        this.clock = clock;
    }

    public PushRecord push(PushReason reason) throws AgentException {
        NonceReply nonce = request(subjects.nonceRequest(hostId), new byte[0], NONCE_TIMEOUT, NonceReply.class);
        if (nonce.error() != null) {
            throw new AgentException(Failure.HVS_REFUSED, "HVS gave no nonce: " + nonce.error().code() + ": "
                    + nonce.error().message());
        }
        Evidence made = evidence.collect(hostId, Base64.getDecoder().decode(nonce.nonce()), PcrRequest.of(nonce.pcrs()),
                true);
        EvidenceAck ack = request(subjects.evidencePush(hostId),
                ProtocolJson.encode(new EvidencePush(nonce.nonce(), reason, made)), PUSH_TIMEOUT, EvidenceAck.class);
        if (ack.error() != null) {
            throw new AgentException(Failure.HVS_REFUSED, "HVS refused the " + reason + " evidence: "
                    + ack.error().code() + ": " + ack.error().message());
        }
        return new PushRecord(made.hostInfo().bootId(), resetCount(made), clock.instant(), reason, ack.jobId());
    }

    /** The resetCount the quote itself reports (the AK is in the endorsement hierarchy: not obfuscated). */
    private static long resetCount(Evidence made) throws AgentException {
        try {
            return TpmsAttest.parse(Base64.getDecoder().decode(made.quote().attest())).clockInfo().resetCount();
        } catch (EvidenceFormatException e) {
            throw new AgentException(Failure.TPM_ERROR, "own quote does not parse: " + e.getMessage(), e);
        }
    }

    private <T> T request(String subject, byte[] body, Duration timeout, Class<T> type) throws AgentException {
        Message reply;
        try {
            reply = connection.request(subject, body, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(Failure.HVS_UNREACHABLE, "interrupted waiting for " + subject, e);
        } catch (RuntimeException e) {
            // jnats: no responders, connection closed or reconnecting
            throw new AgentException(Failure.HVS_UNREACHABLE, "no answer on " + subject + ": " + e.getMessage(), e);
        }
        if (reply == null) {
            throw new AgentException(Failure.HVS_UNREACHABLE, "no answer on " + subject + " (no responder, or none "
                    + "within " + timeout + ")");
        }
        try {
            return ProtocolJson.decode(reply.getData(), type);
        } catch (ProtocolException e) {
            throw new AgentException(Failure.HVS_UNREACHABLE, "HVS answered on " + subject + " with "
                    + e.getMessage(), e);
        }
    }
}

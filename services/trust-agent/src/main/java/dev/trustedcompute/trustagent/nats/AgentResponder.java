package dev.trustedcompute.trustagent.nats;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.HostInfoReply;
import dev.trustedcompute.agentprotocol.PolicyUpdate;
import dev.trustedcompute.agentprotocol.ProtocolError;
import dev.trustedcompute.agentprotocol.ProtocolException;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.QuoteReply;
import dev.trustedcompute.agentprotocol.QuoteRequest;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.evidence.EvidenceCollector;
import dev.trustedcompute.trustagent.tpm.PcrRequest;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.util.Base64;
import java.util.function.IntConsumer;

/**
 * Answers HVS's requests on {@code trust-agent.<hostId>.*}: quote-request (evidence for HVS's nonce and PCRs) and
 * host-info-request; applies policy-update (a new poll duration). Only converts messages and delegates; every
 * failure becomes a protocol error in the reply, never a silent drop.
 */
public final class AgentResponder implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AgentResponder.class.getName());

    private final Connection connection;
    private final HostId hostId;
    private final EvidenceCollector evidence;
    private final IntConsumer pollDurationMinutes;
    private Dispatcher requests;
    private Dispatcher policy;

    /**
     * @param pollDurationMinutes receives every valid policy-update
     */
    public AgentResponder(Connection connection, HostId hostId, EvidenceCollector evidence,
                          IntConsumer pollDurationMinutes) {
        this.connection = connection;
        this.hostId = hostId;
        this.evidence = evidence;
        this.pollDurationMinutes = pollDurationMinutes;
    }

    /** Subscribes; quotes (seconds on a real TPM) get their own dispatcher so a policy update is never stuck. */
    public void start(Subjects subjects) {
        requests = connection.createDispatcher();
        requests.subscribe(subjects.quoteRequest(hostId), this::onQuoteRequest);
        requests.subscribe(subjects.hostInfoRequest(hostId), this::onHostInfoRequest);
        policy = connection.createDispatcher();
        policy.subscribe(subjects.policyUpdate(hostId), this::onPolicyUpdate);
    }

    private void onQuoteRequest(Message message) {
        QuoteReply reply;
        try {
            QuoteRequest request = ProtocolJson.decode(message.getData(), QuoteRequest.class);
            reply = QuoteReply.of(evidence.collect(hostId, Base64.getDecoder().decode(request.nonce()),
                    PcrRequest.of(request.pcrs()), request.includeEventLog()));
        } catch (ProtocolException e) {
            reply = QuoteReply.failed(new ProtocolError("BAD_REQUEST", e.getMessage()));
        } catch (AgentException e) {
            LOG.log(System.Logger.Level.WARNING, "quote-request failed: {0}", e.getMessage());
            reply = QuoteReply.failed(new ProtocolError(e.failure().protocolCode(), e.getMessage()));
        }
        respond(message, ProtocolJson.encode(reply));
    }

    private void onHostInfoRequest(Message message) {
        HostInfoReply reply;
        try {
            reply = HostInfoReply.of(evidence.hostInfo().collect(evidence.tees()));
        } catch (AgentException e) {
            reply = HostInfoReply.failed(new ProtocolError(e.failure().protocolCode(), e.getMessage()));
        }
        respond(message, ProtocolJson.encode(reply));
    }

    private void onPolicyUpdate(Message message) {
        try {
            PolicyUpdate update = ProtocolJson.decode(message.getData(), PolicyUpdate.class);
            pollDurationMinutes.accept(update.pollDurationMinutes());
        } catch (ProtocolException e) {
            LOG.log(System.Logger.Level.WARNING, "ignored an invalid policy-update: {0}", e.getMessage());
        }
    }

    private void respond(Message request, byte[] body) {
        if (request.getReplyTo() == null) {
            LOG.log(System.Logger.Level.WARNING, "request on {0} without a reply subject", request.getSubject());
            return;
        }
        connection.publish(request.getReplyTo(), body);
    }

    @Override
    public void close() {
        if (requests != null) {
            connection.closeDispatcher(requests);
        }
        if (policy != null) {
            connection.closeDispatcher(policy);
        }
    }
}

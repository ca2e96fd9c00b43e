package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.agentprotocol.Evidence;
import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.ProtocolException;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.QuoteReply;
import dev.trustedcompute.agentprotocol.QuoteRequest;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.hvs.config.HvsProperties;
import dev.trustedcompute.hvs.hosts.ConnectionState;
import io.nats.client.Connection;
import io.nats.client.Message;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** HVS's side of {@code trust-agent.<hostId>.quote-request} (request/reply over core NATS). */
@Component
public class AgentClient {

    private final Connection nats;
    private final Subjects subjects;
    private final Duration timeout;

    public AgentClient(Connection nats, Subjects subjects, HvsProperties properties) {
        this.nats = nats;
        this.subjects = subjects;
        this.timeout = properties.quote().timeout();
    }

    /** Asks the agent for a quote over {@code selection} with {@code nonce}, event log included. */
    public Evidence requestQuote(HostId host, IssuedNonce nonce, QuoteSelection selection)
            throws AgentUnavailableException {
        byte[] request = ProtocolJson.encode(new QuoteRequest(nonce.base64(), selection.asMessage(), true));
        Message reply;
        try {
            reply = nats.requestWithTimeout(subjects.quoteRequest(host), request, timeout)
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentUnavailableException(ConnectionState.UNREACHABLE, "interrupted while waiting for the agent");
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            // no responders (agent not connected), timeout, or connection trouble: all mean no answer
            throw new AgentUnavailableException(ConnectionState.UNREACHABLE, "agent '" + host + "' did not answer the "
                    + "quote request within " + timeout.toSeconds() + " s");
        }
        QuoteReply decoded;
        try {
            decoded = ProtocolJson.decode(reply.getData(), QuoteReply.class);
        } catch (ProtocolException e) {
            throw new AgentUnavailableException(ConnectionState.AGENT_ERROR, "agent '" + host
                    + "' sent an unreadable quote reply: " + e.getMessage());
        }
        if (decoded.error() != null) {
            throw new AgentUnavailableException(ConnectionState.AGENT_ERROR, "agent '" + host + "' failed: "
                    + decoded.error().code() + ": " + decoded.error().message());
        }
        return decoded.evidence();
    }
}

package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.agentprotocol.Evidence;
import dev.trustedcompute.hvs.HvsError;
import dev.trustedcompute.hvs.hosts.ConnectionState;
import dev.trustedcompute.hvs.hosts.Host;
import dev.trustedcompute.hvs.hosts.HostRepository;
import dev.trustedcompute.hvs.rules.HostManifest;
import dev.trustedcompute.hvs.rules.HostManifestSource;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.UUID;

/**
 * Fresh evidence from a host's agent: a nonce HVS stores, a quote request over NATS, the nonce used up when the
 * answer arrives, and the host's connection state updated either way.
 */
@Component
public class HostConnector implements HostManifestSource {

    private final HostRepository hosts;
    private final NonceService nonces;
    private final AgentClient agents;
    private final QuoteSelection selection;
    private final EvidenceVerifier verifier;
    private final Clock clock;

    public HostConnector(HostRepository hosts, NonceService nonces, AgentClient agents, QuoteSelection selection,
                         EvidenceVerifier verifier, Clock clock) {
        this.hosts = hosts;
        this.nonces = nonces;
        this.agents = agents;
        this.selection = selection;
        this.verifier = verifier;
        this.clock = clock;
    }

    /** Asks the agent of {@code host} for a quote with a fresh nonce; the evidence is not verified yet. */
    public FetchedEvidence fetchEvidence(Host host) throws AgentUnavailableException {
        IssuedNonce nonce = nonces.issue(host.id(), NoncePurpose.QUOTE_REQUEST, selection.asMessage());
        Evidence evidence;
        try {
            evidence = agents.requestQuote(host.natsHostId(), nonce, selection);
        } catch (AgentUnavailableException e) {
            hosts.recordContact(host.id(), e.state(), clock.instant());
            throw e;
        }
        hosts.recordContact(host.id(), ConnectionState.CONNECTED, clock.instant());
        if (!nonces.consume(host.id(), nonce.nonce(), NoncePurpose.QUOTE_REQUEST)) {
            // only when the answer came after the nonce expired (a very slow agent)
            throw new AgentUnavailableException(ConnectionState.AGENT_ERROR, "agent '" + host.natsHostId()
                    + "' answered after its nonce expired");
        }
        return new FetchedEvidence(evidence, nonce.extraData());
    }

    @Override
    public HostManifest fetch(UUID hostId) {
        Host host = hosts.findHost(hostId)
                .orElseThrow(() -> HvsError.HOST_NOT_FOUND.exception("no host " + hostId));
        if (!host.onboarded()) {
            throw HvsError.HOST_NOT_ONBOARDED.exception("host " + hostId + " has not onboarded its attestation key");
        }
        try {
            FetchedEvidence fetched = fetchEvidence(host);
            return verifier.verify(host, fetched.evidence(), fetched.extraData());
        } catch (AgentUnavailableException e) {
            throw (e.state() == ConnectionState.UNREACHABLE ? HvsError.AGENT_UNREACHABLE : HvsError.AGENT_ERROR)
                    .exception(e.getMessage());
        } catch (EvidenceRejectedException e) {
            throw HvsError.QUOTE_REJECTED.exception(e.rule() + ": " + e.getMessage());
        }
    }
}

package dev.trustedcompute.hvs.reports;

import dev.trustedcompute.hvs.hosts.Host;
import dev.trustedcompute.hvs.nats.AgentUnavailableException;
import dev.trustedcompute.hvs.nats.EvidenceRejectedException;
import dev.trustedcompute.hvs.nats.EvidenceVerifier;
import dev.trustedcompute.hvs.nats.FetchedEvidence;
import dev.trustedcompute.hvs.nats.HostConnector;
import dev.trustedcompute.hvs.rules.HostManifest;
import dev.trustedcompute.hvs.rules.TrustEvaluator;
import org.springframework.stereotype.Component;


/**
 * One host's attestation, up to the report's content: obtain evidence, verify it (pinned AK, signature, nonce, PCR
 * digest), let the flavor engine judge it. Evidence that does not verify is not judged: the report says why.
 */
@Component
public class Attestation {

    private final HostConnector connector;
    private final EvidenceVerifier verifier;
    private final TrustEvaluator evaluator;
    private final LastEvidenceRepository lastEvidence;

    public Attestation(HostConnector connector, EvidenceVerifier verifier, TrustEvaluator evaluator,
                       LastEvidenceRepository lastEvidence) {
        this.connector = connector;
        this.verifier = verifier;
        this.evaluator = evaluator;
        this.lastEvidence = lastEvidence;
    }

    /**
     * Judges {@code host} on evidence from {@code source}; stores nothing (the report's transaction keeps the verified
     * evidence, {@link ReportService#store}).
     *
     * @throws AgentUnavailableException when the agent had to be asked and did not answer properly
     */
    public Judgement judge(Host host, EvidenceSource source) throws AgentUnavailableException {
        if (!host.onboarded()) {
            throw new IllegalStateException("host " + host.id() + " has no pinned AK; callers check onboarding first");
        }
        FetchedEvidence evidence = switch (source) {
            case EvidenceSource.AskAgent ask -> connector.fetchEvidence(host);
            case EvidenceSource.Pushed pushed -> new FetchedEvidence(pushed.evidence(), pushed.extraData());
            case EvidenceSource.LastVerified last -> {
                var stored = lastEvidence.find(host.id());
                yield stored.isPresent() ? stored.get() : connector.fetchEvidence(host);
            }
        };
        HostManifest manifest;
        try {
            manifest = verifier.verify(host, evidence.evidence(), evidence.extraData());
        } catch (EvidenceRejectedException e) {
            return new Judgement(ReportContent.rejected(evidence.evidence().hostInfo(), e), null);
        }
        return new Judgement(ReportContent.of(manifest, evaluator.evaluate(manifest)), evidence);
    }
}

package dev.trustedcompute.attestationmanager.decisions;

import dev.trustedcompute.attestationmanager.metrics.ManagerMetrics;
import dev.trustedcompute.attestationmanager.nodes.Decider;
import dev.trustedcompute.attestationmanager.nodes.Decision;
import dev.trustedcompute.attestationmanager.policy.PolicyService;
import dev.trustedcompute.attestationmanager.reports.ReportEvent;
import dev.trustedcompute.attestationmanager.reports.ReportRejectedException;
import dev.trustedcompute.attestationmanager.reports.ReportVerifier;
import dev.trustedcompute.attestationmanager.reports.VerifiedReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * One report event from verification to committed decision: verify (refuse and log anything forged), decide,
 * apply. A node seen for the first time is sent the current poll policy.
 */
public class ReportIntake {
    private static final Logger log = LoggerFactory.getLogger(ReportIntake.class);

    private final ReportVerifier verifier;
    private final Decider decider;
    private final NodeDecisions decisions;
    private final PolicyService policy;
    private final ManagerMetrics metrics;
    private final Clock clock;

    public ReportIntake(ReportVerifier verifier, Decider decider, NodeDecisions decisions, PolicyService policy,
                        ManagerMetrics metrics, Clock clock) {
        this.verifier = verifier;
        this.decider = decider;
        this.decisions = decisions;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @return false when the event was refused (it must not be redelivered); true when it was decided (or was a
     * duplicate). Database failures propagate, so the caller can have the event redelivered.
     */
    public boolean process(ReportEvent event) {
        VerifiedReport report;
        try {
            report = verifier.verify(event);
        } catch (ReportRejectedException e) {
            log.warn("Refused trust report event on {} (Nats-Msg-Id {}): {}: {}", event.subject(), event.messageId(),
                    e.reason(), e.getMessage());
            metrics.report("refused-" + e.reason().name());
            return false;
        }
        Decision decision = decider.decide(report.summary());
        DecisionOutcome outcome = decisions.apply(report, decision);
        metrics.report(outcome.kind().name());
        if (outcome.kind() == DecisionOutcome.Kind.DUPLICATE) {
            log.debug("report {} of {} was decided before; ignored", report.reportId(), report.hostId());
            return true;
        }
        metrics.decided(Duration.between(report.issuedAt(), clock.instant()));
        if (outcome.changed()) {
            log.info("node {}: {} ({}) after report {}{}", report.hostId(), outcome.state().status(),
                    outcome.state().reason() == null ? "ok" : outcome.state().reason().code(), report.reportId(),
                    outcome.state().cordoned() ? ", cordoned" : "");
        }
        if (outcome.newNode()) {
            policy.pushTo(List.of(report.hostId()));
        }
        return true;
    }
}

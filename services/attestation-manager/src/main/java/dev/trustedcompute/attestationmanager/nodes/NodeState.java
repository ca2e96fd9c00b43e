package dev.trustedcompute.attestationmanager.nodes;

import dev.trustedcompute.agentprotocol.TrustReportSummary.Fault;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The part of a node that decisions change, and the fencing rule: a failed status cordons the node; only a
 * {@code VERIFIED} report made after an onboarding that followed the failure lifts the cordon. Pure.
 *
 * @param cordoned    the node is (to be) unschedulable and tainted
 * @param failedAt    time of the evidence (or stale check) that cordoned it; null when not cordoned
 * @param onboardedAt latest onboarding (golden flavors created), null when never onboarded through the manager
 */
public record NodeState(NodeStatus status, Reason reason, String detail, List<Fault> faults, boolean cordoned,
                        Instant failedAt, Instant onboardedAt) {

    public NodeState {
        faults = List.copyOf(faults);
        if (cordoned != (failedAt != null)) {
            throw new IllegalArgumentException("failedAt is set exactly when the node is cordoned");
        }
    }

    public static NodeState pending() {
        return new NodeState(NodeStatus.PENDING, Reason.AWAITING_REPORT, "no report decided yet", List.of(), false, null, null);
    }

    /** After a decision on evidence produced at {@code evidenceAt}. */
    public NodeState after(Decision decision, Instant evidenceAt) {
        if (decision.status().failed()) {
            return new NodeState(decision.status(), decision.reason(), decision.detail(), decision.faults(), true,
                    cordoned ? failedAt : evidenceAt, onboardedAt);
        }
        if (!cordoned) {
            return new NodeState(decision.status(), decision.reason(), decision.detail(), decision.faults(), false, null, onboardedAt);
        }
        // report times (JWT iat) have whole seconds: evidence from the onboarding's second counts as after it
        boolean freshOnboarding = onboardedAt != null && onboardedAt.isAfter(failedAt)
                && !evidenceAt.isBefore(onboardedAt.truncatedTo(ChronoUnit.SECONDS));
        if (freshOnboarding) {
            return new NodeState(decision.status(), decision.reason(), decision.detail(), decision.faults(), false, null, onboardedAt);
        }
        return new NodeState(NodeStatus.VERIFIED, Reason.AWAITING_ONBOARDING, "verified, but cordoned since the failure at "
                + failedAt + " until the node is onboarded again", decision.faults(), true, failedAt, onboardedAt);
    }

    /** No valid report since {@code lastEvidence}; checked at {@code now}. */
    public NodeState stale(Instant lastEvidence, Duration allowed, Instant now) {
        return new NodeState(NodeStatus.ATTESTATION_FAILED, Reason.STALE, "no valid report since " + lastEvidence
                + " (allowed: " + allowed.toMinutes() + " minutes, 2 x pollDuration)", List.of(), true,
                cordoned ? failedAt : now, onboardedAt);
    }

    /** Golden flavors were (re)created at {@code now}; the status waits for the next report. */
    public NodeState onboarded(Instant now) {
        return new NodeState(status, reason, detail, faults, cordoned, failedAt, now);
    }

    /** True when the reactions (Kubernetes, inventory) have something new to say. */
    public boolean sameOutcomeAs(NodeState other) {
        return status == other.status && reason == other.reason && cordoned == other.cordoned;
    }
}

package dev.trustedcompute.attestationmanager.nodes;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fencing rule: fail cordons; only onboarding after the failure plus a later VERIFIED report lifts it. */
class NodeStateTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Decision VERIFIED = new Decision(NodeStatus.VERIFIED, null, null, List.of());
    static final Decision UNTRUSTED = new Decision(NodeStatus.ATTESTATION_FAILED, Reason.UNTRUSTED, "untrusted", List.of());

    @Test
    void afterWhenFailedThenCordonedAtTheEvidenceTime() {
        NodeState state = NodeState.pending().after(UNTRUSTED, T0);
        assertThat(state.cordoned()).isTrue();
        assertThat(state.failedAt()).isEqualTo(T0);
        assertThat(state.status()).isEqualTo(NodeStatus.ATTESTATION_FAILED);
    }

    @Test
    void afterWhenVerifiedAndNeverFailedThenVerifiedAndSchedulable() {
        NodeState state = NodeState.pending().after(VERIFIED, T0);
        assertThat(state.status()).isEqualTo(NodeStatus.VERIFIED);
        assertThat(state.cordoned()).isFalse();
        assertThat(state.reason()).isNull();
    }

    @Test
    void afterWhenVerifiedWithoutOnboardingSinceFailureThenStaysCordonedAwaitingOnboarding() {
        NodeState failed = NodeState.pending().onboarded(T0.minusSeconds(60)).after(UNTRUSTED, T0);
        NodeState state = failed.after(VERIFIED, T0.plusSeconds(60));
        assertThat(state.status()).isEqualTo(NodeStatus.VERIFIED);
        assertThat(state.reason()).isEqualTo(Reason.AWAITING_ONBOARDING);
        assertThat(state.cordoned()).isTrue();
        assertThat(state.failedAt()).isEqualTo(T0);
    }

    @Test
    void afterWhenOnboardedAfterFailureAndVerifiedReportLaterThenUncordoned() {
        NodeState state = NodeState.pending().after(UNTRUSTED, T0).onboarded(T0.plusSeconds(60)).after(VERIFIED, T0.plusSeconds(120));
        assertThat(state.cordoned()).isFalse();
        assertThat(state.failedAt()).isNull();
        assertThat(state.status()).isEqualTo(NodeStatus.VERIFIED);
        assertThat(state.reason()).isNull();
    }

    @Test
    void afterWhenVerifiedReportIssuedInTheOnboardingsSecondThenUncordoned() {
        // JWT iat has whole seconds: a report made 200 ms after the onboarding carries the onboarding's second
        NodeState state = NodeState.pending().after(UNTRUSTED, T0).onboarded(T0.plusMillis(60_800)).after(VERIFIED, T0.plusSeconds(60));
        assertThat(state.cordoned()).isFalse();
    }

    @Test
    void afterWhenVerifiedReportPredatesTheOnboardingThenStillCordoned() {
        NodeState state = NodeState.pending().after(UNTRUSTED, T0).onboarded(T0.plusSeconds(60)).after(VERIFIED, T0.plusSeconds(30));
        assertThat(state.cordoned()).isTrue();
        assertThat(state.reason()).isEqualTo(Reason.AWAITING_ONBOARDING);
    }

    @Test
    void afterWhenFailingEvidencePredatesTheOnboardingThenNextVerifiedLiftsTheCordon() {
        // the evidence that failed was taken before the golden values were (re)taken: the onboarding counts as fresh
        NodeState state = NodeState.pending().onboarded(T0.plusSeconds(60)).after(UNTRUSTED, T0).after(VERIFIED, T0.plusSeconds(90));
        assertThat(state.cordoned()).isFalse();
    }

    @Test
    void afterWhenFailingAgainWhileCordonedThenFailureTimeIsKept() {
        NodeState state = NodeState.pending().after(UNTRUSTED, T0).after(UNTRUSTED, T0.plusSeconds(600));
        assertThat(state.failedAt()).isEqualTo(T0);
    }

    @Test
    void staleWhenCalledThenAttestationFailedStaleAndCordonedNow() {
        NodeState state = NodeState.pending().after(VERIFIED, T0).stale(T0, Duration.ofMinutes(120), T0.plusSeconds(7300));
        assertThat(state.status()).isEqualTo(NodeStatus.ATTESTATION_FAILED);
        assertThat(state.reason()).isEqualTo(Reason.STALE);
        assertThat(state.cordoned()).isTrue();
        assertThat(state.failedAt()).isEqualTo(T0.plusSeconds(7300));
        assertThat(state.detail()).contains("120 minutes");
    }
}

package dev.trustedcompute.hvs.queue;

import dev.trustedcompute.hvs.nats.FetchedEvidence;
import dev.trustedcompute.hvs.reports.EvidenceSource;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a job's evidence comes from, within a claimed batch (the rest of the worker runs in the swtpm tests). */
class VerificationWorkerTest {

    static final FetchedEvidence VERIFIED_EARLIER_IN_BATCH = new FetchedEvidence(null, new byte[] {1, 2, 3});

    private static VerificationJob job(Trigger trigger) {
        return new VerificationJob(UUID.randomUUID(), UUID.randomUUID(), trigger, null, null, 1, UUID.randomUUID());
    }

    @Test
    void sourceWhenFlavorsChangedAfterEvidenceOfTheSameBatchThenThatEvidenceNotTheStoredOne() {
        assertThat(VerificationWorker.source(job(Trigger.FLAVORS_CHANGED), VERIFIED_EARLIER_IN_BATCH))
                .isInstanceOfSatisfying(EvidenceSource.Pushed.class,
                        pushed -> assertThat(pushed.extraData()).containsExactly(1, 2, 3));
        assertThat(VerificationWorker.source(job(Trigger.FLAVORS_CHANGED), null))
                .isInstanceOf(EvidenceSource.LastVerified.class);
    }

    @Test
    void sourceWhenJobAsksTheAgentThenAskedEvenWithEvidenceInTheBatch() {
        assertThat(VerificationWorker.source(job(Trigger.REFRESH), VERIFIED_EARLIER_IN_BATCH))
                .isInstanceOf(EvidenceSource.AskAgent.class);
        assertThat(VerificationWorker.source(job(Trigger.HOST_REGISTERED), null))
                .isInstanceOf(EvidenceSource.AskAgent.class);
    }
}

package dev.trustedcompute.hvs.queue;

import dev.trustedcompute.agentprotocol.EvidencePush;
import dev.trustedcompute.agentprotocol.ProtocolException;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.hvs.config.HvsProperties;
import dev.trustedcompute.hvs.hosts.Host;
import dev.trustedcompute.hvs.hosts.HostRepository;
import dev.trustedcompute.hvs.nats.AgentUnavailableException;
import dev.trustedcompute.hvs.reports.Attestation;
import dev.trustedcompute.hvs.reports.EvidenceSource;
import dev.trustedcompute.hvs.reports.ReportContent;
import dev.trustedcompute.hvs.reports.ReportService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs queue jobs: {@code tc.hvs.queue.workers} threads each claim up to {@code claim-batch} jobs at a time, attest
 * the host and store the report in the transaction that finishes the job (only while the claim still holds). Idle
 * workers sleep until {@link JobArrivals} announces a job or {@code poll-interval} passes. A job whose agent did
 * not answer is retried with backoff; any other failure too (and logged), up to {@code max-attempts}.
 */
@Component
public class VerificationWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VerificationWorker.class);

    private final VerificationQueue queue;
    private final HostRepository hosts;
    private final Attestation attestation;
    private final ReportService reports;
    private final JobArrivals arrivals;
    private final HvsProperties.Queue settings;
    /** This instance's claim token; a restarted instance has a new one, so its old claims run out. */
    private final UUID owner = UUID.randomUUID();
    private ExecutorService executor;

    public VerificationWorker(VerificationQueue queue, HostRepository hosts, Attestation attestation,
                              ReportService reports, JobArrivals arrivals, HvsProperties properties) {
        this.arrivals = arrivals;
        this.queue = queue;
        this.hosts = hosts;
        this.attestation = attestation;
        this.reports = reports;
        this.settings = properties.queue();
    }

    @Override
    public synchronized void start() {
        executor = Executors.newFixedThreadPool(settings.workers(), Thread.ofPlatform().name("hvs-verify-", 0).factory());
        for (int i = 0; i < settings.workers(); i++) {
            executor.execute(this::work);
        }
    }

    private void work() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long mark = arrivals.mark();
                drain();
                arrivals.awaitAfter(mark, settings.pollInterval());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /**
     * Runs jobs until none is due. A claimed batch is finished even when stopping: its jobs are leased to this
     * instance, and left alone they would wait for the lease to run out.
     */
    void drain() {
        try {
            List<VerificationJob> claimed;
            while (!Thread.currentThread().isInterrupted()
                    && !(claimed = queue.claim(settings.claimBatch(), owner)).isEmpty()) {
                claimed.forEach(this::run);
            }
        } catch (RuntimeException e) {
            // the worker lives on (PostgreSQL may be back at the next poll)
            log.error("verification queue poll failed", e);
        }
    }

    void run(VerificationJob job) {
        Optional<Host> host = hosts.findHost(job.hostId());
        if (host.isEmpty() || !host.get().onboarded()) {
            queue.complete(job, null, "host not onboarded; nothing to verify");
            return;
        }
        try {
            ReportContent content = attestation.judge(host.get(), source(job));
            reports.issue(host.get(), content, reportId -> {
                if (!queue.complete(job, reportId, null)) { // fenced: only while this worker holds the lease
                    throw new LostLeaseException(job);
                }
            });
        } catch (AgentUnavailableException e) {
            queue.fail(job, e.getMessage());
        } catch (LostLeaseException e) {
            log.warn("{}; its report was discarded", e.getMessage());
        } catch (RuntimeException e) {
            log.error("verification job {} for host {} failed", job.id(), job.hostId(), e);
            queue.fail(job, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private static EvidenceSource source(VerificationJob job) {
        if (job.evidence() != null) {
            try {
                EvidencePush push = ProtocolJson.decode(job.evidence(), EvidencePush.class);
                return new EvidenceSource.Pushed(push.evidence(), job.extraData());
            } catch (ProtocolException e) {
                throw new IllegalStateException("queued evidence of job " + job.id() + " does not decode", e);
            }
        }
        return job.trigger().reusesStoredEvidence() ? new EvidenceSource.LastVerified() : new EvidenceSource.AskAgent();
    }

    /** Another worker took the job over (this one was too slow); its outcome counts, not ours. */
    static final class LostLeaseException extends RuntimeException {
        LostLeaseException(VerificationJob job) {
            super("lost the claim on verification job " + job.id());
        }
    }
}

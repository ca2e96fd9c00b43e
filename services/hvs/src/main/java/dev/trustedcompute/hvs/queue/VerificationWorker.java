package dev.trustedcompute.hvs.queue;

import dev.trustedcompute.agentprotocol.EvidencePush;
import dev.trustedcompute.agentprotocol.ProtocolException;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.hvs.config.HvsProperties;
import dev.trustedcompute.hvs.hosts.Host;
import dev.trustedcompute.hvs.hosts.HostRepository;
import dev.trustedcompute.hvs.nats.AgentUnavailableException;
import dev.trustedcompute.hvs.nats.FetchedEvidence;
import dev.trustedcompute.hvs.reports.Attestation;
import dev.trustedcompute.hvs.reports.EvidenceSource;
import dev.trustedcompute.hvs.reports.Judgement;
import dev.trustedcompute.hvs.reports.PreparedReport;
import dev.trustedcompute.hvs.reports.ReportService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs queue jobs: {@code tc.hvs.queue.workers} threads each claim up to {@code claim-batch} jobs at a time, attest
 * each host and store the batch's reports in the transaction that finishes its jobs (only those whose claim still
 * holds). Idle workers sleep until {@link JobArrivals} announces a job or {@code poll-interval} passes. A job whose
 * agent did not answer is retried with backoff; any other failure too (and logged), up to {@code max-attempts}.
 */
@Component
public class VerificationWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VerificationWorker.class);
    private static final String NOT_ONBOARDED = "host not onboarded; nothing to verify";

    private final VerificationQueue queue;
    private final HostRepository hosts;
    private final Attestation attestation;
    private final ReportService reports;
    private final JobArrivals arrivals;
    private final TransactionTemplate tx;
    private final HvsProperties.Queue settings;
    /** This instance's claim token; a restarted instance has a new one, so its old claims run out. */
    private final UUID owner = UUID.randomUUID();
    private ExecutorService executor;

    public VerificationWorker(VerificationQueue queue, HostRepository hosts, Attestation attestation,
                              ReportService reports, JobArrivals arrivals, TransactionTemplate tx,
                              HvsProperties properties) {
        this.arrivals = arrivals;
        this.tx = tx;
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
                run(claimed);
            }
        } catch (RuntimeException e) {
            // the worker lives on (PostgreSQL may be back at the next poll)
            log.error("verification queue poll failed", e);
        }
    }

    /**
     * Judges a claimed batch one job after the other, then finishes it in one transaction: the jobs still ours are
     * marked done and their reports stored (a handful of statements for the batch, not per job). What is judged is
     * finished before a job asks an agent, so it does not wait for that answer. If finishing fails, the leases run
     * out and the jobs are claimed again.
     */
    void run(List<VerificationJob> batch) {
        Map<UUID, Host> hostsById = hosts.findHosts(batch.stream().map(VerificationJob::hostId).toList());
        // evidence verified earlier in this batch is newer than the stored one a re-judgement would read
        Map<UUID, FetchedEvidence> verifiedInBatch = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (VerificationJob job : batch) {
            Host host = hostsById.get(job.hostId());
            if (host == null || !host.onboarded()) {
                outcomes.add(new Outcome(new VerificationQueue.Completion(job, null, NOT_ONBOARDED), null));
                continue;
            }
            if (job.evidence() == null) {
                finish(outcomes); // this job may ask the agent, which can take up to its timeout
            }
            try {
                Judgement judgement = attestation.judge(host, source(job, verifiedInBatch.get(host.id())));
                PreparedReport report = reports.prepare(host, judgement);
                if (judgement.verified() != null) {
                    verifiedInBatch.put(host.id(), judgement.verified());
                }
                outcomes.add(new Outcome(new VerificationQueue.Completion(job, report.report().id(), null), report));
            } catch (AgentUnavailableException e) {
                queue.fail(job, e.getMessage());
            } catch (RuntimeException e) {
                log.error("verification job {} for host {} failed", job.id(), job.hostId(), e);
                queue.fail(job, "internal error: " + e.getClass().getSimpleName());
            }
        }
        finish(outcomes);
    }

    /** A judged job not finished yet, with its report (null when it has none). */
    private record Outcome(VerificationQueue.Completion completion, PreparedReport report) {
    }

    /**
     * Marks the jobs done and stores their reports in one transaction, only for jobs whose claim still holds; then
     * empties {@code outcomes}.
     */
    private void finish(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(status -> {
            Set<UUID> stillOurs = queue.completeAll(outcomes.stream().map(Outcome::completion).toList());
            List<PreparedReport> kept = new ArrayList<>();
            for (Outcome outcome : outcomes) {
                UUID jobId = outcome.completion().job().id();
                if (!stillOurs.contains(jobId)) {
                    log.warn("lost the claim on verification job {}; its outcome was discarded", jobId);
                } else if (outcome.report() != null) {
                    kept.add(outcome.report());
                }
            }
            reports.store(kept);
        });
        outcomes.clear();
    }

    /**
     * Where {@code job}'s evidence comes from; {@code verifiedInBatch} is its host's evidence that verified earlier
     * in the same batch (newer than the stored one), or null.
     */
    static EvidenceSource source(VerificationJob job, FetchedEvidence verifiedInBatch) {
        if (job.evidence() != null) {
            try {
                EvidencePush push = ProtocolJson.decode(job.evidence(), EvidencePush.class);
                return new EvidenceSource.Pushed(push.evidence(), job.extraData());
            } catch (ProtocolException e) {
                throw new IllegalStateException("queued evidence of job " + job.id() + " does not decode", e);
            }
        }
        if (!job.trigger().reusesStoredEvidence()) {
            return new EvidenceSource.AskAgent();
        }
        return verifiedInBatch != null
                ? new EvidenceSource.Pushed(verifiedInBatch.evidence(), verifiedInBatch.extraData())
                : new EvidenceSource.LastVerified();
    }
}

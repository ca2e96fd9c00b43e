package dev.trustedcompute.hvs.queue;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.hvs.TimeOrderedIds;
import dev.trustedcompute.hvs.config.HvsProperties;
import dev.trustedcompute.hvs.nats.IssuedNonce;
import dev.trustedcompute.hvs.nats.NoncePurpose;
import dev.trustedcompute.hvs.nats.NonceService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Durable verification jobs in PostgreSQL, shared by every HVS instance. A claim takes jobs with
 * {@code FOR UPDATE SKIP LOCKED} and leases them; a job whose worker died (lease ran out) is claimed again, so
 * a crash loses nothing. Finishing checks the lease, so a worker that lost its job cannot finish it twice.
 */
@Component
public class VerificationQueue {

    private final JdbcClient jdbc;
    private final TimeOrderedIds ids;
    private final Clock clock;
    private final HvsProperties.Queue settings;
    private final JobArrivals arrivals;

    public VerificationQueue(JdbcClient jdbc, TimeOrderedIds ids, Clock clock, HvsProperties properties,
                             JobArrivals arrivals) {
        this.jdbc = jdbc;
        this.arrivals = arrivals;
        this.ids = ids;
        this.clock = clock;
        this.settings = properties.queue();
    }

    /**
     * Queues a job that asks the agent (or, for {@link Trigger#FLAVORS_CHANGED}, re-judges stored evidence). A host
     * has at most one such job waiting: while one waits, this returns its id.
     */
    public UUID enqueue(UUID hostId, Trigger trigger) {
        if (trigger == Trigger.EVIDENCE_PUSHED) {
            throw new IllegalArgumentException("pushed evidence is queued with enqueuePush");
        }
        Timestamp now = Timestamp.from(clock.instant());
        Optional<UUID> inserted = jdbc.sql("""
                INSERT INTO verification_jobs (id, host_id, trigger, state, not_before, created_at)
                VALUES (:id, :host, :trigger, 'PENDING', :now, :now)
                ON CONFLICT (host_id) WHERE state = 'PENDING' AND evidence IS NULL DO NOTHING
                RETURNING id""")
                .param("id", ids.next()).param("host", hostId).param("trigger", trigger.name()).param("now", now)
                .query(UUID.class).optional();
        inserted.ifPresent(id -> arrivals.announceAfterCommit());
        return inserted.orElseGet(() -> jdbc.sql(
                        "SELECT id FROM verification_jobs WHERE host_id = :host AND state = 'PENDING' AND evidence IS NULL")
                .param("host", hostId).query(UUID.class).optional()
                // the waiting job was claimed between the two statements: queue a fresh one
                .orElseGet(() -> enqueue(hostId, trigger)));
    }

    public void enqueueAll(Collection<UUID> hostIds, Trigger trigger) {
        hostIds.forEach(id -> enqueue(id, trigger));
    }

    /**
     * Queues the verification of evidence an agent pushed, if its nonce qualifies: issued to the onboarded host the
     * agent's NATS id names, for an evidence push, unused and unexpired. One statement uses the nonce up, records
     * the contact and inserts the job, so the nonce is used only if the job is queued, and a push costs one round
     * trip and one commit.
     *
     * @param pushJson the push as received (the caller decoded and checked it)
     * @return the job's id; empty (nothing written) when the nonce does not qualify
     */
    public Optional<UUID> enqueuePush(HostId agent, byte[] nonce, byte[] pushJson) {
        Timestamp now = Timestamp.from(clock.instant());
        Optional<UUID> queued = jdbc.sql("WITH used AS (" + NonceService.useFromAgent() + """
                ),
                     contact AS (UPDATE hosts SET connection_state = 'CONNECTED', last_contact_at = :now
                                  WHERE id IN (SELECT host_id FROM used))
                INSERT INTO verification_jobs (id, host_id, trigger, evidence, nonce_sha256, state, not_before, created_at)
                SELECT :id, host_id, 'EVIDENCE_PUSHED', :evidence, :key, 'PENDING', :now, :now FROM used
                RETURNING id""")
                .param("holder", agent.value())
                .param("key", IssuedNonce.extraData(nonce))
                .param("purpose", NoncePurpose.EVIDENCE_PUSH.name())
                .param("now", now)
                .param("id", ids.next())
                .param("evidence", pushJson)
                .query(UUID.class).optional();
        queued.ifPresent(id -> arrivals.announceAfterCommit());
        return queued;
    }

    /** Claims up to {@code max} jobs that are due, or whose lease ran out, for {@code owner}. */
    public List<VerificationJob> claim(int max, UUID owner) {
        Instant now = clock.instant();
        // Two index scans (expired leases first, then due jobs), not one OR over the table: finished jobs stay in
        // it until purged, and an OR made PostgreSQL scan them all on every claim.
        return jdbc.sql("""
                WITH expired AS (SELECT id FROM verification_jobs
                                  WHERE state = 'RUNNING' AND lease_until < :now
                                  ORDER BY lease_until LIMIT :max FOR UPDATE SKIP LOCKED),
                     due AS (SELECT id FROM verification_jobs
                              WHERE state = 'PENDING' AND not_before <= :now
                              ORDER BY not_before, id LIMIT :max FOR UPDATE SKIP LOCKED)
                UPDATE verification_jobs j
                   SET state = 'RUNNING', lease_owner = :owner, lease_until = :until, attempts = j.attempts + 1
                 WHERE j.id IN (SELECT id FROM (SELECT id FROM expired UNION ALL SELECT id FROM due) c LIMIT :max)
                RETURNING j.id, j.host_id, j.trigger, j.evidence, j.nonce_sha256, j.attempts, j.lease_owner""")
                .param("owner", owner)
                .param("until", Timestamp.from(now.plus(settings.lease())))
                .param("now", Timestamp.from(now))
                .param("max", max)
                .query(VerificationQueue::job).list();
    }

    /** A job's outcome: the report it produced, or a note why there is none. */
    public record Completion(VerificationJob job, UUID reportId, String note) {
    }

    /**
     * Marks the jobs done, each only while its claim still holds: inside the transaction that stores the outcomes,
     * the row locks this takes make each outcome written once.
     *
     * @return the ids of the jobs marked done (the others were taken over by another worker)
     */
    public Set<UUID> completeAll(List<Completion> completions) {
        if (completions.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                UPDATE verification_jobs j SET state = 'DONE', report_id = c.report_id, last_error = c.note,
                       finished_at = :now, lease_owner = NULL, lease_until = NULL
                  FROM unnest(:ids, :owners, :reports, :notes) AS c (id, owner, report_id, note)
                 WHERE j.id = c.id AND j.lease_owner = c.owner AND j.state = 'RUNNING'
                RETURNING j.id""")
                .param("ids", completions.stream().map(c -> c.job().id()).toArray(UUID[]::new))
                .param("owners", completions.stream().map(c -> c.job().leaseOwner()).toArray(UUID[]::new))
                .param("reports", completions.stream().map(Completion::reportId).toArray(UUID[]::new))
                .param("notes", completions.stream().map(Completion::note).toArray(String[]::new))
                .param("now", Timestamp.from(clock.instant()))
                .query(UUID.class).list());
    }

    /** {@link #completeAll} for one job: whether it was still this worker's. */
    public boolean complete(VerificationJob job, UUID reportId, String note) {
        return !completeAll(List.of(new Completion(job, reportId, note))).isEmpty();
    }

    /**
     * A failed attempt: the job waits {@code retryBackoff * 2^(attempts-1)} and is tried again, or is given up
     * (FAILED) after {@code maxAttempts}.
     */
    public void fail(VerificationJob job, String error) {
        Instant now = clock.instant();
        boolean giveUp = job.attempts() >= settings.maxAttempts();
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(job.attempts() - 1, 16));
        try {
            jdbc.sql("""
                    UPDATE verification_jobs SET state = :state, last_error = :error, not_before = :notBefore,
                           finished_at = :finished, lease_owner = NULL, lease_until = NULL
                     WHERE id = :id AND lease_owner = :owner AND state = 'RUNNING'""")
                    .param("id", job.id()).param("owner", job.leaseOwner())
                    .param("state", giveUp ? "FAILED" : "PENDING")
                    .param("error", error)
                    .param("notBefore", Timestamp.from(now.plus(backoff)))
                    .param("finished", giveUp ? Timestamp.from(now) : null)
                    .update();
        } catch (DuplicateKeyException e) {
            // another "ask the agent" job for this host is already waiting: this one is superseded by it
            complete(job, null, "superseded by a newer job after: " + error);
        }
    }

    /** Deletes jobs that finished longer ago than {@code keepFinished}. */
    public int purgeFinished() {
        return jdbc.sql("DELETE FROM verification_jobs WHERE state IN ('DONE', 'FAILED') AND finished_at < :before")
                .param("before", Timestamp.from(clock.instant().minus(settings.keepFinished()))).update();
    }

    /** Onboarded hosts whose newest report expires within {@code refreshAhead}, or that have none, with no job under way. */
    public List<UUID> hostsDueForRefresh() {
        return jdbc.sql("""
                SELECT h.id FROM hosts h
                 WHERE h.ak_public IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.host_id = h.id AND r.expires_at > :horizon)
                   AND NOT EXISTS (SELECT 1 FROM verification_jobs j
                                    WHERE j.host_id = h.id AND j.state IN ('PENDING', 'RUNNING'))""")
                .param("horizon", Timestamp.from(clock.instant().plus(settings.refreshAhead())))
                .query(UUID.class).list();
    }

    private static VerificationJob job(ResultSet rs, int row) throws SQLException {
        return new VerificationJob(rs.getObject("id", UUID.class), rs.getObject("host_id", UUID.class),
                Trigger.valueOf(rs.getString("trigger")), rs.getBytes("evidence"), rs.getBytes("nonce_sha256"),
                rs.getInt("attempts"), rs.getObject("lease_owner", UUID.class));
    }
}

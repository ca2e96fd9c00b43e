package dev.trustedcompute.hvs.queue;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.hvs.TimeOrderedIds;
import dev.trustedcompute.hvs.config.HvsProperties;
import dev.trustedcompute.hvs.nats.IssuedNonce;
import dev.trustedcompute.hvs.nats.NoncePurpose;
import dev.trustedcompute.testsupport.MutableClock;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable queue on real PostgreSQL, as several HVS instances use it: exclusive claims under concurrency
 * (FOR UPDATE SKIP LOCKED), leases that run out when a worker dies, fenced completion, retries with backoff,
 * de-duplicated fetch jobs, and the refresh query.
 */
class VerificationQueueTest {

    static final PostgresDatabase db = PostgresDatabase.forTestClass(VerificationQueueTest.class);
    static PGSimpleDataSource dataSource;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    JdbcClient jdbc;
    JobArrivals arrivals;
    VerificationQueue queue;

    @BeforeAll
    static void migrate() {
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(db.jdbcUrl());
        dataSource.setUser(db.username());
        dataSource.setPassword(db.password());
        Flyway.configure().dataSource(dataSource).load().migrate();
    }

    @BeforeEach
    void setUp() {
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("DELETE FROM hosts").update();
        HvsProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "tc.hvs.queue.lease", "2m", "tc.hvs.queue.max-attempts", "2", "tc.hvs.queue.retry-backoff", "10s",
                "tc.hvs.queue.refresh-ahead", "1h")))
                .bindOrCreate("tc.hvs", HvsProperties.class);
        arrivals = new JobArrivals();
        queue = new VerificationQueue(jdbc, new TimeOrderedIds(clock), clock, properties, arrivals);
    }

    private UUID host(boolean onboarded) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO hosts (id, name, nats_host_id, hardware_uuid, created_at, updated_at, ak_public, ak_name,
                                   ek_public, ak_pinned_at)
                VALUES (:id, :name, :name, :id, :now, :now, :ak, :ak, :ak, :pinned)""")
                .param("id", id).param("name", "h-" + id).param("now", Timestamp.from(clock.instant()))
                .param("ak", onboarded ? new byte[] {1} : null)
                .param("pinned", onboarded ? Timestamp.from(clock.instant()) : null)
                .update();
        return id;
    }

    /** A nonce HVS issued to {@code host} for {@code purpose}, valid for {@code ttl}. */
    private byte[] nonce(UUID host, NoncePurpose purpose, Duration ttl) {
        byte[] nonce = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        jdbc.sql("""
                INSERT INTO nonces (nonce_sha256, host_id, purpose, pcr_selection, issued_at, expires_at)
                VALUES (:key, :host, :purpose, '{}', :now, :expires)""")
                .param("key", IssuedNonce.extraData(nonce)).param("host", host).param("purpose", purpose.name())
                .param("now", Timestamp.from(clock.instant())).param("expires", Timestamp.from(clock.instant().plus(ttl)))
                .update();
        return nonce;
    }

    private byte[] pushNonce(UUID host) {
        return nonce(host, NoncePurpose.EVIDENCE_PUSH, Duration.ofMinutes(1));
    }

    private static HostId agent(UUID host) {
        return HostId.of("h-" + host);
    }

    private String state(UUID job) {
        return jdbc.sql("SELECT state FROM verification_jobs WHERE id = :id").param("id", job).query(String.class).single();
    }

    @Test
    void enqueueWhenFetchJobWaitingThenSameJobButPushesQueueSeparately() {
        UUID host = host(true);

        UUID first = queue.enqueue(host, Trigger.REFRESH);
        UUID second = queue.enqueue(host, Trigger.FLAVORS_CHANGED);
        UUID push1 = queue.enqueuePush(agent(host), pushNonce(host), new byte[] {1}).orElseThrow();
        UUID push2 = queue.enqueuePush(agent(host), pushNonce(host), new byte[] {2}).orElseThrow();

        assertThat(second).isEqualTo(first);
        assertThat(Set.of(first, push1, push2)).hasSize(3);
        assertThat(jdbc.sql("SELECT count(*) FROM verification_jobs").query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void enqueuePushWhenNonceQualifiesThenUsedUpContactRecordedAndJobQueuedInOneStep() {
        UUID host = host(true);
        byte[] nonce = pushNonce(host);
        clock.advance(Duration.ofSeconds(5));

        UUID job = queue.enqueuePush(agent(host), nonce, new byte[] {7, 8}).orElseThrow();

        assertThat(jdbc.sql("SELECT host_id, trigger, evidence, nonce_sha256 FROM verification_jobs WHERE id = :id")
                .param("id", job).query((rs, row) -> List.of(rs.getObject(1), rs.getString(2), rs.getBytes(3),
                        rs.getBytes(4))).single())
                .containsExactly(host, "EVIDENCE_PUSHED", new byte[] {7, 8}, IssuedNonce.extraData(nonce));
        assertThat(jdbc.sql("SELECT used_at FROM nonces WHERE nonce_sha256 = :key")
                .param("key", IssuedNonce.extraData(nonce)).query(Timestamp.class).single().toInstant())
                .isEqualTo(clock.instant());
        assertThat(jdbc.sql("SELECT connection_state, last_contact_at FROM hosts WHERE id = :id").param("id", host)
                .query((rs, row) -> List.of(rs.getString(1), rs.getTimestamp(2).toInstant())).single())
                .containsExactly("CONNECTED", clock.instant());
        assertThat(queue.enqueuePush(agent(host), nonce, new byte[] {9})).as("a nonce is used once").isEmpty();
    }

    @Test
    void enqueuePushWhenOneNonceIsPushedEightTimesAtOnceThenExactlyOneJob() throws Exception {
        UUID host = host(true);
        List<byte[]> nonces = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            nonces.add(pushNonce(host));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (byte[] nonce : nonces) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> pushes = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    pushes.add(pool.submit(() -> {
                        start.await();
                        return queue.enqueuePush(agent(host), nonce, new byte[] {1}).isPresent();
                    }));
                }
                start.countDown();
                int accepted = 0;
                for (Future<Boolean> push : pushes) {
                    accepted += push.get() ? 1 : 0;
                }
                assertThat(accepted).as("pushes accepted with one nonce").isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM verification_jobs WHERE host_id = :host").param("host", host)
                .query(Long.class).single()).isEqualTo(nonces.size());
    }

    @Test
    void enqueuePushWhenNonceDoesNotQualifyThenNothingWritten() {
        UUID host = host(true);
        UUID other = host(true);
        UUID notOnboarded = host(false);
        byte[] expired = nonce(host, NoncePurpose.EVIDENCE_PUSH, Duration.ofSeconds(1));
        byte[] quoteNonce = nonce(host, NoncePurpose.QUOTE_REQUEST, Duration.ofMinutes(1));
        byte[] othersNonce = pushNonce(other);
        byte[] notOnboardedNonce = pushNonce(notOnboarded);
        clock.advance(Duration.ofSeconds(2));

        assertThat(queue.enqueuePush(agent(host), expired, new byte[] {1})).as("expired").isEmpty();
        assertThat(queue.enqueuePush(agent(host), quoteNonce, new byte[] {1})).as("other purpose").isEmpty();
        assertThat(queue.enqueuePush(agent(host), othersNonce, new byte[] {1})).as("another host's").isEmpty();
        assertThat(queue.enqueuePush(agent(host), new byte[] {1, 2, 3}, new byte[] {1})).as("never issued").isEmpty();
        assertThat(queue.enqueuePush(agent(notOnboarded), notOnboardedNonce, new byte[] {1})).as("not onboarded")
                .isEmpty();

        assertThat(jdbc.sql("SELECT count(*) FROM verification_jobs").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM nonces WHERE used_at IS NOT NULL").query(Long.class).single())
                .as("no nonce used up").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM hosts WHERE last_contact_at IS NOT NULL").query(Long.class).single())
                .as("no contact recorded").isZero();
        assertThat(queue.enqueuePush(agent(other), othersNonce, new byte[] {1})).as("still usable by its host")
                .isPresent();
    }

    @Test
    void enqueueWhenInTransactionThenWorkersWokenOnlyAfterCommit() {
        UUID host = host(true);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        long before = arrivals.mark();

        tx.executeWithoutResult(status -> {
            queue.enqueuePush(agent(host), pushNonce(host), new byte[] {1}).orElseThrow();
            assertThat(arrivals.mark()).as("a worker must not look before the job is visible").isEqualTo(before);
        });
        long afterCommit = arrivals.mark();
        tx.executeWithoutResult(status -> {
            queue.enqueue(host, Trigger.REFRESH);
            status.setRollbackOnly();
        });

        assertThat(afterCommit).isEqualTo(before + 1);
        assertThat(arrivals.mark()).as("a rolled back job wakes no one").isEqualTo(afterCommit);
        queue.enqueuePush(agent(host), pushNonce(host), new byte[] {2}).orElseThrow();
        assertThat(arrivals.mark()).as("without a transaction at once").isEqualTo(afterCommit + 1);
    }

    @Test
    void claimWhenTwoInstancesClaimAtOnceThenEveryJobExactlyOnce() throws Exception {
        Set<UUID> jobs = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            jobs.add(queue.enqueue(host(true), Trigger.REFRESH));
        }
        CountDownLatch start = new CountDownLatch(1);
        Callable<List<UUID>> instance = () -> {
            UUID owner = UUID.randomUUID();
            List<UUID> mine = new ArrayList<>();
            start.await();
            List<VerificationJob> claimed;
            while (!(claimed = queue.claim(3, owner)).isEmpty()) {
                claimed.forEach(job -> {
                    mine.add(job.id());
                    assertThat(queue.complete(job, null, null)).isTrue();
                });
            }
            return mine;
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<UUID>> a = pool.submit(instance);
            Future<List<UUID>> b = pool.submit(instance);
            start.countDown();
            List<UUID> all = new ArrayList<>(a.get());
            all.addAll(b.get());

            assertThat(all).hasSize(40).doesNotHaveDuplicates();
            assertThat(new HashSet<>(all)).isEqualTo(jobs);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void claimWhenWorkerDiedThenLeaseRunsOutAndTheLateFinishIsRefused() {
        UUID job = queue.enqueue(host(true), Trigger.HOST_REGISTERED);
        VerificationJob dead = queue.claim(1, UUID.randomUUID()).getFirst();

        assertThat(queue.claim(1, UUID.randomUUID())).as("leased").isEmpty();
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        VerificationJob takenOver = queue.claim(1, UUID.randomUUID()).getFirst();

        assertThat(takenOver.id()).isEqualTo(job);
        assertThat(takenOver.attempts()).isEqualTo(2);
        assertThat(queue.complete(dead, null, "late")).isFalse();
        assertThat(queue.complete(takenOver, null, null)).isTrue();
        assertThat(state(job)).isEqualTo("DONE");
    }

    @Test
    void completeAllWhenOneJobOfTheBatchWasTakenOverThenOnlyTheOthersAreDoneWithTheirOutcomes() {
        UUID slow = queue.enqueue(host(true), Trigger.HOST_REGISTERED);
        clock.advance(Duration.ofSeconds(1));
        UUID later = queue.enqueue(host(true), Trigger.REFRESH);
        UUID third = queue.enqueue(host(true), Trigger.REFRESH);
        List<VerificationJob> batch = queue.claim(1, UUID.randomUUID());
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        VerificationJob takenOver = queue.claim(1, UUID.randomUUID()).getFirst();
        List<VerificationJob> rest = queue.claim(2, batch.getFirst().leaseOwner());
        UUID report = UUID.randomUUID();

        Set<UUID> done = queue.completeAll(List.of(
                new VerificationQueue.Completion(batch.getFirst(), UUID.randomUUID(), null),
                new VerificationQueue.Completion(rest.get(0), report, null),
                new VerificationQueue.Completion(rest.get(1), null, "host not onboarded")));

        assertThat(takenOver.id()).isEqualTo(slow);
        assertThat(done).containsExactlyInAnyOrder(later, third);
        assertThat(state(slow)).as("still the other worker's").isEqualTo("RUNNING");
        assertThat(jdbc.sql("SELECT report_id FROM verification_jobs WHERE id = :id").param("id", rest.get(0).id())
                .query(UUID.class).single()).isEqualTo(report);
        assertThat(jdbc.sql("SELECT last_error FROM verification_jobs WHERE id = :id").param("id", rest.get(1).id())
                .query(String.class).single()).isEqualTo("host not onboarded");
        assertThat(queue.completeAll(List.of())).isEmpty();
    }

    @Test
    void failWhenAttemptsLeftThenRetriedAfterBackoffElseFailed() {
        UUID job = queue.enqueue(host(true), Trigger.REFRESH);
        UUID owner = UUID.randomUUID();

        queue.fail(queue.claim(1, owner).getFirst(), "agent did not answer");
        assertThat(state(job)).isEqualTo("PENDING");
        assertThat(queue.claim(1, owner)).as("backing off").isEmpty();
        clock.advance(Duration.ofSeconds(10));
        queue.fail(queue.claim(1, owner).getFirst(), "agent did not answer");

        assertThat(state(job)).isEqualTo("FAILED");
        assertThat(jdbc.sql("SELECT last_error FROM verification_jobs WHERE id = :id").param("id", job)
                .query(String.class).single()).isEqualTo("agent did not answer");
    }

    @Test
    void failWhenAnotherFetchJobWaitsThenSupersededNotDuplicated() {
        UUID host = host(true);
        UUID job = queue.enqueue(host, Trigger.REFRESH);
        VerificationJob running = queue.claim(1, UUID.randomUUID()).getFirst();
        UUID newer = queue.enqueue(host, Trigger.FLAVORS_CHANGED);

        queue.fail(running, "agent did not answer");

        assertThat(newer).isNotEqualTo(job);
        assertThat(state(job)).isEqualTo("DONE");
        assertThat(state(newer)).isEqualTo("PENDING");
    }

    @Test
    void hostsDueForRefreshWhenReportExpiringOrMissingThenListedUnlessBusyOrNotOnboarded() {
        UUID fresh = host(true);
        UUID expiring = host(true);
        UUID none = host(true);
        UUID busy = host(true);
        host(false);
        report(fresh, clock.instant().plus(Duration.ofHours(5)));
        report(expiring, clock.instant().plus(Duration.ofMinutes(30)));
        queue.enqueue(busy, Trigger.REFRESH);

        assertThat(queue.hostsDueForRefresh()).containsExactlyInAnyOrder(expiring, none);
    }

    @Test
    void migrationsWhenServerHasLz4ThenLargeValuesCompressWithIt() {
        assertThat(jdbc.sql("SELECT 'lz4' = ANY (enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
                .query(Boolean.class).single()).as("this test's PostgreSQL (Debian's) is built with lz4").isTrue();
        assertThat(jdbc.sql("""
                SELECT attrelid::regclass || '.' || attname || '=' || attcompression::text FROM pg_attribute
                 WHERE (attrelid, attname) IN (('reports'::regclass, 'jwt'), ('reports'::regclass, 'claims'),
                        ('verification_jobs'::regclass, 'evidence'), ('host_evidence'::regclass, 'evidence'))""")
                .query(String.class).list())
                .containsExactlyInAnyOrder("reports.jwt=l", "reports.claims=l", "verification_jobs.evidence=l",
                        "host_evidence.evidence=l");
    }

    @Test
    void purgeFinishedWhenOlderThanKeepThenDeleted() {
        queue.enqueue(host(true), Trigger.REFRESH);
        queue.complete(queue.claim(1, UUID.randomUUID()).getFirst(), null, null);

        assertThat(queue.purgeFinished()).isZero();
        clock.advance(Duration.ofDays(8));
        assertThat(queue.purgeFinished()).isEqualTo(1);
    }

    private void report(UUID host, Instant expires) {
        jdbc.sql("""
                INSERT INTO reports (id, host_id, created_at, expires_at, trusted, claims, jwt)
                VALUES (:id, :host, :now, :expires, TRUE, '{}'::jsonb, 'x')""")
                .param("id", UUID.randomUUID()).param("host", host).param("now", Timestamp.from(clock.instant()))
                .param("expires", Timestamp.from(expires)).update();
    }
}

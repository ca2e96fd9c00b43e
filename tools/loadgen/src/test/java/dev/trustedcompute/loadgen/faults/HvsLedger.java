package dev.trustedcompute.loadgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.loadgen.agents.AgentsRun;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * What HVS itself recorded after a faulted run, read from its database and its report stream: the independent check
 * behind the driver's counts (each finished job has exactly one report, every report reached JetStream).
 *
 * @param doneJobs        verification jobs finished with a report
 * @param distinctReports distinct report ids those jobs name
 * @param reports         rows in {@code reports}
 * @param unpublished     reports still in the outbox (not acknowledged by JetStream)
 * @param streamMessages  messages on the report stream (JetStream drops republishes by message id)
 * @param unfinishedJobs  jobs not DONE (pending, running or failed)
 * @param takenOver       jobs claimed more than once (a worker lost its lease, e.g. its instance died)
 * @param latePublished   reports that reached JetStream over a second after they were stored (the outbox retried)
 * @param maxPublishDelay the longest time from storing a report to JetStream acknowledging it, in seconds
 */
record HvsLedger(long doneJobs, long distinctReports, long reports, long unpublished, long streamMessages,
                 long unfinishedJobs, long takenOver, long latePublished, double maxPublishDelay) {

    static HvsLedger read(PostgresDatabase db, String natsUrl, String reportStream)
            throws SQLException, IOException, InterruptedException, JetStreamApiException {
        try (var sql = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             Statement st = sql.createStatement();
             Connection nats = Nats.connect(natsUrl)) {
            return new HvsLedger(
                    count(st, "SELECT count(*) FROM verification_jobs WHERE state = 'DONE' AND report_id IS NOT NULL"),
                    count(st, "SELECT count(DISTINCT report_id) FROM verification_jobs WHERE report_id IS NOT NULL"),
                    count(st, "SELECT count(*) FROM reports"),
                    count(st, "SELECT count(*) FROM reports WHERE published_at IS NULL"),
                    nats.jetStreamManagement().getStreamInfo(reportStream).getStreamState().getMsgCount(),
                    count(st, "SELECT count(*) FROM verification_jobs WHERE state <> 'DONE'"),
                    count(st, "SELECT count(*) FROM verification_jobs WHERE attempts > 1"),
                    count(st, "SELECT count(*) FROM reports WHERE published_at > created_at + interval '1 second'"),
                    seconds(st, "SELECT coalesce(max(extract(epoch FROM published_at - created_at)), 0) FROM reports"));
        }
    }

    /** Pushed-evidence jobs created after {@code since}: the agents' pushes resumed after a fault. */
    static long pushesQueuedAfter(PostgresDatabase db, Instant since) throws SQLException {
        try (var sql = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var st = sql.prepareStatement(
                     "SELECT count(*) FROM verification_jobs WHERE trigger = 'EVIDENCE_PUSHED' AND created_at > ?")) {
            st.setObject(1, java.sql.Timestamp.from(since));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Polls (up to 5 s) until a verification job is RUNNING under a lease that ends within {@code leaseEndsWithin}:
     * a fault injected then hits claimed work.
     */
    /** Waits (at most 5 s) until a job leased for less than {@code leaseEndsWithin} is RUNNING. */
    static void awaitRunningJob(PostgresDatabase db, Duration leaseEndsWithin) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && !hasRunningJob(db, leaseEndsWithin)) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Whether a job leased for less than {@code leaseEndsWithin} is RUNNING now. */
    static boolean hasRunningJob(PostgresDatabase db, Duration leaseEndsWithin) {
        try (var sql = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var st = sql.prepareStatement("SELECT count(*) FROM verification_jobs WHERE state = 'RUNNING'"
                     + " AND lease_until > now() AND lease_until < now() + ? * interval '1 millisecond'")) {
            st.setLong(1, leaseEndsWithin.toMillis());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double seconds(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    /**
     * Nothing accepted was lost: every job finished with exactly one report, and every report reached the stream.
     * {@code output} (the run's printout) describes each failure.
     */
    void assertEveryAcceptedPushReportedOnce(AgentsRun.Result result, String output) {
        assertThat(result.lost()).as(output).isZero();
        assertThat(unpublished).as(output).isZero();
        assertThat(unfinishedJobs).as(output).isZero();
        assertThat(reports).as("one report per job: " + output)
                .isEqualTo(doneJobs)
                .isEqualTo(distinctReports)
                .isEqualTo(streamMessages);
    }

    @Override
    public String toString() {
        return String.format("hvs ledger: done-jobs=%d distinct-reports=%d reports=%d unpublished=%d stream=%d "
                + "unfinished-jobs=%d taken-over=%d published-late=%d max-publish-delay=%.1f s", doneJobs,
                distinctReports, reports, unpublished, streamMessages, unfinishedJobs, takenOver, latePublished,
                maxPublishDelay);
    }
}

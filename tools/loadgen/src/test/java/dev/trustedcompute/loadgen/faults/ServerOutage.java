package dev.trustedcompute.loadgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.loadgen.agents.AgentsRun;
import dev.trustedcompute.loadgen.support.HvsConfig;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server HVS depends on (PostgreSQL, NATS) stopped for a while 3 s into a load run, as soon as a verification job is
 * claimed, so that job's report meets the outage; then the check that HVS came through it.
 */
final class ServerOutage {
    private final PostgresDatabase db;
    private final AtomicReference<Instant> ended = new AtomicReference<>();

    /** {@code db}: HVS's database, where the claimed job is watched for and the ledger is read. */
    ServerOutage(PostgresDatabase db) {
        this.db = db;
    }

    AgentsRun.Disruption disruption(String description, Runnable stop, Duration down, Runnable start) {
        return new AgentsRun.Disruption(Duration.ofSeconds(3), description, () -> {
            HvsLedger.awaitRunningJob(db, Duration.ofDays(1));
            stop.run();
            sleep(down);
            start.run();
            ended.set(Instant.now());
        });
    }

    /**
     * Prints the run and HVS's ledger, and checks that pushes were queued again after the outage and that every
     * accepted push ended in exactly one report on the stream.
     */
    void assertRecovered(AgentsRun.Result result, String printed, String natsUrl, String subjectPrefix)
            throws Exception {
        HvsLedger ledger = HvsLedger.read(db, natsUrl, HvsConfig.reportStream(subjectPrefix));
        long resumed = HvsLedger.pushesQueuedAfter(db, ended.get());
        String output = printed + ledger + System.lineSeparator() + "pushes queued after the restart=" + resumed;
        System.out.println(output);
        assertThat(result.accepted()).as(output).isGreaterThanOrEqualTo(20);
        assertThat(resumed).as(output).isPositive();
        ledger.assertEveryAcceptedPushReportedOnce(result, output);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

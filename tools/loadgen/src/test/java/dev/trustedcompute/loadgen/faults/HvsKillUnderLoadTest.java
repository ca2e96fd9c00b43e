package dev.trustedcompute.loadgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.loadgen.agents.AgentsRun;
import dev.trustedcompute.loadgen.support.HvsConfig;
import dev.trustedcompute.loadgen.support.ServiceJar;
import dev.trustedcompute.loadgen.tpm.AkAlgorithm;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An HVS instance killed mid-batch: two HVS jars share one database and one (dedicated) nats-server. The victim
 * (queue lease 5 s) runs one queue worker that claims up to 100 jobs at a time, so it holds leased work most of the
 * time; from 4 s into a 10 s push run it is SIGKILLed as soon as it holds RUNNING jobs. The survivor claims the dead instance's jobs when
 * their lease runs out: every accepted push ends in exactly one report (pushes in flight to the victim time out on
 * the agent's side and count as errors, not as accepted).
 */
class HvsKillUnderLoadTest {

    @Test
    void runWhenOneOfTwoHvsIsKilledMidBatchThenTheOtherFinishesItsLeasedJobs() throws Exception {
        PostgresDatabase db = PostgresDatabase.forTestClass(HvsKillUnderLoadTest.class);
        String prefix = NatsServerFixture.subjectPrefix(HvsKillUnderLoadTest.class);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (NatsServerFixture.DedicatedNatsServer nats = NatsServerFixture.startDedicated();
             TestTokenIssuer aas = TestTokenIssuer.start()) {
            Map<String, String> victimProperties = HvsConfig.properties(db, aas.jwksUri(), nats.url(), prefix);
            victimProperties.putAll(Map.of("tc.hvs.queue.lease", "5s", "tc.hvs.queue.workers", "1",
                    "tc.hvs.queue.claim-batch", "100"));
            // the survivor keeps the default lease (2 min): a RUNNING job leased for at most 5 s is the victim's
            Map<String, String> survivorProperties = HvsConfig.properties(db, aas.jwksUri(), nats.url(), prefix);
            // both start at once (Flyway's lock orders their migrations); a start that fails closes the other
            CompletableFuture<ServiceJar> victimStart =
                    CompletableFuture.supplyAsync(() -> ServiceJar.start("hvs", victimProperties));
            try (ServiceJar survivor = startClosingOnFailure(survivorProperties, victimStart);
                 ServiceJar victim = victimStart.join()) {
                String token = aas.token("loadgen", Permission.of("HVS", "hosts:onboard"));
                AgentsRun.Disruption kill = new AgentsRun.Disruption(Duration.ofSeconds(4),
                        "SIGKILL hvs " + victim.pid() + " while jobs are claimed", () -> {
                            try {
                                // Freeze the victim, then look: a job it leased (at most 5 s) still RUNNING is
                                // then certain to be held at the kill; otherwise let it run and try again.
                                for (int attempt = 0; attempt < 50; attempt++) {
                                    HvsLedger.awaitRunningJob(db, Duration.ofSeconds(6));
                                    victim.signal("STOP");
                                    Thread.sleep(200);   // a commit already on its way lands first
                                    if (HvsLedger.hasRunningJob(db, Duration.ofSeconds(6))) {
                                        victim.kill();
                                        return;
                                    }
                                    victim.signal("CONT");
                                }
                                throw new IllegalStateException("the victim never held a claimed job");
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                        });

                AgentsRun.Result result = new AgentsRun(new AgentsRun.Settings(survivor.url(), nats.url(), prefix,
                        token, 10, 20, Duration.ofSeconds(10), Duration.ofSeconds(25), AkAlgorithm.ECC, "hk-", 4,
                        Map.of("survivor", survivor.pid())), new PrintStream(printed, true, StandardCharsets.UTF_8))
                        .run(List.of(kill));

                HvsLedger ledger = HvsLedger.read(db, nats.url(), HvsConfig.reportStream(prefix));
                String output = printed + ledger.toString();
                System.out.println(output);
                assertThat(result.accepted()).as(output).isGreaterThanOrEqualTo(40);
                assertThat(ledger.takenOver()).as("the victim held claimed jobs when killed: " + output).isPositive();
                ledger.assertEveryAcceptedPushReportedOnce(result, output);
            }
        }
    }

    private static ServiceJar startClosingOnFailure(Map<String, String> properties, CompletableFuture<ServiceJar> other) {
        try {
            return ServiceJar.start("hvs", properties);
        } catch (RuntimeException e) {
            other.thenAccept(ServiceJar::close);
            throw e;
        }
    }
}

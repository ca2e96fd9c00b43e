package dev.trustedcompute.loadgen.faults;

import dev.trustedcompute.loadgen.agents.AgentsRun;
import dev.trustedcompute.loadgen.support.HvsConfig;
import dev.trustedcompute.loadgen.support.ServiceJar;
import dev.trustedcompute.loadgen.tpm.AkAlgorithm;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.postgres.DedicatedPostgres;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted under load: HVS and 10 simulated agents, HVS's database on a PostgreSQL server of the test's
 * own; from 3 s into a 10 s push run, as soon as a verification job is claimed, the server is shut down (fast: open
 * sessions end, their transactions roll back) for 3 s and started again. Pushes that reach HVS while it is down are
 * refused (the agent sees an error, nothing was accepted); the claimed jobs whose report could not be stored are
 * claimed again when their lease (5 s here) runs out; every accepted push ends in exactly one stored and published
 * report.
 */
class PostgresRestartUnderLoadTest {

    @Test
    void runWhenPostgresRestartsMidRunThenEveryAcceptedPushIsReported() throws Exception {
        String prefix = NatsServerFixture.subjectPrefix(PostgresRestartUnderLoadTest.class);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (DedicatedPostgres postgres = DedicatedPostgres.start();
             NatsServerFixture.DedicatedNatsServer nats = NatsServerFixture.startDedicated();
             TestTokenIssuer aas = TestTokenIssuer.start()) {
            PostgresDatabase db = postgres.createDatabase("hvs");
            Map<String, String> properties = HvsConfig.properties(db, aas.jwksUri(), nats.url(), prefix);
            properties.put("tc.hvs.queue.lease", "5s");
            try (ServiceJar hvs = ServiceJar.start("hvs", properties)) {
                String token = aas.token("loadgen", Permission.of("HVS", "hosts:onboard"));
                ServerOutage outage = new ServerOutage(db);
                AgentsRun.Disruption restart = outage.disruption("PostgreSQL down 3 s while a job is claimed",
                        postgres::stop, Duration.ofSeconds(3), postgres::startServer);

                AgentsRun.Result result = new AgentsRun(new AgentsRun.Settings(hvs.url(), nats.url(), prefix, token,
                        10, 10, Duration.ofSeconds(10), Duration.ofSeconds(40), AkAlgorithm.ECC, "pr-", 4,
                        Map.of("hvs", hvs.pid())), new PrintStream(printed, true, StandardCharsets.UTF_8))
                        .run(List.of(restart));

                outage.assertRecovered(result, printed.toString(), nats.url(), prefix);
            }
        }
    }
}

package dev.trustedcompute.loadgen.faults;

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
import org.junit.jupiter.api.Test;

/**
 * NATS restarted under load: HVS and 10 simulated agents on a dedicated nats-server (JetStream, its store kept across
 * the restart); from 3 s into a 10 s push run, as soon as a verification job is claimed, the server stops for 2 s
 * and starts again. Agents and HVS reconnect, pushes
 * resume, and every accepted push ends in exactly one report on the stream: the reports HVS could not publish
 * during the outage stay in its outbox and are republished.
 */
class NatsRestartUnderLoadTest {

    @Test
    void runWhenNatsRestartsMidRunThenPushesResumeAndNoReportIsLost() throws Exception {
        PostgresDatabase db = PostgresDatabase.forTestClass(NatsRestartUnderLoadTest.class);
        String prefix = NatsServerFixture.subjectPrefix(NatsRestartUnderLoadTest.class);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (NatsServerFixture.DedicatedNatsServer nats = NatsServerFixture.startDedicated();
             TestTokenIssuer aas = TestTokenIssuer.start();
             ServiceJar hvs = ServiceJar.start("hvs", HvsConfig.properties(db, aas.jwksUri(), nats.url(), prefix))) {
            String token = aas.token("loadgen", Permission.of("HVS", "hosts:onboard"));
            ServerOutage outage = new ServerOutage(db);
            AgentsRun.Disruption restart = outage.disruption("nats-server down 2 s while a job is claimed",
                    nats::stop, Duration.ofSeconds(2), nats::restart);

            AgentsRun.Result result = new AgentsRun(new AgentsRun.Settings(hvs.url(), nats.url(), prefix, token, 10,
                    10, Duration.ofSeconds(10), Duration.ofSeconds(25), AkAlgorithm.ECC, "nr-", 4,
                    Map.of("hvs", hvs.pid())), new PrintStream(printed, true, StandardCharsets.UTF_8))
                    .run(List.of(restart));

            outage.assertRecovered(result, printed.toString(), nats.url(), prefix);
        }
    }
}

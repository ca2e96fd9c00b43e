package dev.trustedcompute.loadgen.agents;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A short {@code agents} run against the real HVS jar on real PostgreSQL and NATS (the fake AAS only signs the
 * onboarding token): 20 software-TPM agents onboard with MakeCredential/ActivateCredential, then push for a 2 s
 * warm-up and 5 measured seconds; every accepted push and answered quote request must end in a report event.
 */
class AgentsRunTest {

    @Test
    void runWhenTwentyAgentsPushAfterAWarmUpThenEveryAcceptedEvidenceIsReportedAndOnlyTheMeasuredPhaseCounts()
            throws Exception {
        PostgresDatabase db = PostgresDatabase.forTestClass(AgentsRunTest.class);
        String prefix = NatsServerFixture.subjectPrefix(AgentsRunTest.class);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (TestTokenIssuer aas = TestTokenIssuer.start();
             ServiceJar hvs = ServiceJar.start("hvs",
                     HvsConfig.properties(db, aas.jwksUri(), NatsServerFixture.url(), prefix))) {
            String token = aas.token("loadgen", Permission.of("HVS", "hosts:onboard"));

            AgentsRun.Result result = new AgentsRun(new AgentsRun.Settings(hvs.url(), NatsServerFixture.url(), prefix,
                    token, 20, 20, Duration.ofSeconds(5), Duration.ofSeconds(30), AkAlgorithm.ECC, "lg-", 4,
                    Map.of("hvs", hvs.pid()), null, Duration.ofSeconds(2)),
                    new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

            String output = printed.toString(StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(output).containsPattern("warm-up: 2 s, [1-9]\\d* pushes accepted, [1-9]\\d* reports");
            // 20 pushes/s: more than 5 s of pushes would mean the warm-up's were counted too
            assertThat(result.accepted()).as(output).isBetween(50L, 20L * 5 + 5);
            assertThat(result.errors()).as(output).isZero();
            assertThat(result.lost()).as(output).isZero();
            assertThat(output).contains("push-to-report", "sent=", "hvs (" + hvs.pid() + ")");
        }
    }
}

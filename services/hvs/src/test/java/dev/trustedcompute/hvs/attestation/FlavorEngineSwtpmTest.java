package dev.trustedcompute.hvs.attestation;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.hvs.HvsApplication;
import dev.trustedcompute.hvs.support.HvsApi;
import dev.trustedcompute.hvs.support.HvsTestEnvironment;
import dev.trustedcompute.hvs.support.TpmAgent;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.trustedcompute.hvs.support.HvsApi.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HVS's host connector with the real flavor engine, on swtpm: flavors made from the host's own quote
 * ({@code POST /flavors} naming the host goes through {@code HostManifestSource} over NATS), a report trusted by
 * them, re-judged when flavors change, untrusted with the PCR's fault once the PCR changes. (The event-log rules
 * need a real boot log; swtpm has none, so the template here uses PCR values only.)
 */
@SwtpmTest
@SpringBootTest(classes = HvsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tc.hvs.queue.poll-interval=200ms", "tc.hvs.queue.retry-backoff=1s", "tc.hvs.quote.timeout=5s",
                "tc.hvs.queue.refresh-check=1h"})
class FlavorEngineSwtpmTest {

    static final HvsTestEnvironment env = new HvsTestEnvironment(FlavorEngineSwtpmTest.class);
    static final String TEMPLATE = """
            {"flavor_template":{"label":"swtpm-pcrs","condition":[{"field":"tpm_version","one_of":["2.0"]}],
             "flavor_parts":{
               "PLATFORM":{"pcr_rules":[{"pcr":{"index":16,"bank":["SHA384","SHA256"]},"pcr_matches":true}]},
               "OS":{"pcr_rules":[{"pcr":{"index":23,"bank":["SHA384","SHA256"]},"pcr_matches":true}]}}},
             "flavorgroup_names":["automatic"]}""";

    @LocalServerPort
    int port;
    @Autowired
    Subjects subjects;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        env.register(r, NatsServerFixture.url());
    }

    @AfterAll
    static void stop() {
        env.aas.close();
    }

    @Test
    void flavorsFromHostWhenPcrUnchangedThenTrustedAndWhenExtendedThenUntrustedWithItsFault(Swtpm tpm) throws Exception {
        HvsApi api = new HvsApi(port);
        String admin = env.aas.token("admin", Permission.of("HVS", "*:*"));
        TpmAgent agent = new TpmAgent(tpm);
        agent.extendPcr16();
        json(api.post("/hvs/v2/flavor-templates", TEMPLATE, admin), 201);

        try (Connection nats = Nats.connect(NatsServerFixture.url())) {
            agent.serveQuotes(nats, subjects, HostId.of("node-flavors"), "ak");
            nats.flush(Duration.ofSeconds(5));
            Map<String, Object> onboarded = agent.onboard(api, admin, "node-flavors", "ak", false);
            String hostUuid = (String) onboarded.get("hostUuid");
            assertThat(onboarded.get("natsCredentials")).as("no account signing key configured").isNull();
            // onboarding's job: no flavors yet, so the required PLATFORM and OS parts are missing
            UUID first = awaitJob(hostUuid, "HOST_REGISTERED");
            assertThat(json(api.get("/hvs/v2/reports/" + first, admin), 200)).containsEntry("trusted", false);

            Map<String, Object> flavors = json(api.post("/hvs/v2/flavors", "{\"host_id\":\"" + hostUuid + "\"}", admin), 201);
            assertThat(flavors.toString()).contains("PLATFORM", "OS");
            // the new flavors re-judge the host on its last verified evidence, without asking the agent again
            UUID rejudged = awaitJob(hostUuid, "FLAVORS_CHANGED");
            Map<String, Object> onStored = json(api.get("/hvs/v2/reports/" + rejudged, admin), 200);
            assertThat(onStored).containsEntry("trusted", true);

            Map<String, Object> trusted = json(api.post("/hvs/v2/reports", "{\"hostUuid\":\"" + hostUuid + "\"}", admin), 201);
            assertThat(trusted).containsEntry("trusted", true);
            assertThat(((Map<?, ?>) trusted.get("trustReport")).get("trust").toString())
                    .contains("PLATFORM=TRUSTED", "OS=TRUSTED", "OVERALL=TRUSTED");

            agent.extendPcr16();
            Map<String, Object> untrusted = json(api.post("/hvs/v2/reports", "{\"hostUuid\":\"" + hostUuid + "\"}", admin),
                    201);
            assertThat(untrusted).containsEntry("trusted", false);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> faults = (List<Map<String, Object>>) ((Map<String, Object>) untrusted.get("trustReport"))
                    .get("faults");
            assertThat(faults).isNotEmpty().allSatisfy(f -> assertThat(f).containsEntry("part", "PLATFORM"));
            assertThat(faults.toString()).contains("PcrMatchesConstant", "16");
        }
    }

    private UUID awaitJob(String hostUuid, String trigger) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            List<UUID> reports = jdbc.sql("""
                    SELECT report_id FROM verification_jobs
                     WHERE host_id = :host AND trigger = :trigger AND state = 'DONE' AND report_id IS NOT NULL""")
                    .param("host", UUID.fromString(hostUuid)).param("trigger", trigger).query(UUID.class).list();
            if (!reports.isEmpty()) {
                return reports.getFirst();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no finished " + trigger + " job for " + hostUuid);
    }
}

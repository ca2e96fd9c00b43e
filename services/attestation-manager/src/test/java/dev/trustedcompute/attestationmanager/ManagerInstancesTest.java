package dev.trustedcompute.attestationmanager;

import dev.trustedcompute.agentprotocol.PolicyUpdate;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.attestationmanager.TestReports.SignedReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Dispatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several manager instances (full application contexts) on one report stream and one database, with a local
 * HTTP server standing in for the inventory: each report is decided exactly once, an instance stopped
 * mid-stream loses nothing (its unacknowledged reports go to the others after ackWait), and a restart with a
 * changed {@code tc.am.poll-duration} pushes the new policy to the agents.
 */
class ManagerInstancesTest {
    static final ManagerTestSetup setup = new ManagerTestSetup(ManagerInstancesTest.class);
    static final InventoryStub inventory = InventoryStub.start();
    static final List<String> HOSTS = IntStream.range(0, 6).mapToObj(i -> "m" + i).toList();
    static final int ROUNDS = 8;
    static final Duration WAIT = Duration.ofSeconds(60);

    @AfterAll
    static void stop() {
        inventory.close();
        setup.close();
    }

    @Test
    void reportsWhenTwoInstancesShareTheStreamAndOneStopsMidStreamThenEachIsDecidedOnceAndNoneLost() throws Exception {
        Map<String, Integer> policyUpdates = new ConcurrentHashMap<>();
        try (ReportStream reports = new ReportStream(setup.natsUrl, setup.subjects, setup.stream)) {
            Dispatcher agents = reports.connection().createDispatcher(message -> {
                try {
                    policyUpdates.put(setup.subjects.hostIdOf(message.getSubject()).value(),
                            ProtocolJson.decode(message.getData(), PolicyUpdate.class).pollDurationMinutes());
                } catch (Exception e) {
                    policyUpdates.put("undecodable", -1);
                }
            });
            agents.subscribe(setup.subjects.prefix() + "trust-agent.*.policy-update");

            ConfigurableApplicationContext a = start("am-a", 60);
            ConfigurableApplicationContext b = start("am-b", 60);
            JdbcClient jdbc = b.getBean(JdbcClient.class);
            List<MeterRegistry> registries = List.of(a.getBean(MeterRegistry.class), b.getBean(MeterRegistry.class));
            List<SignedReport> published = new ArrayList<>();
            Instant base = Instant.now().minusSeconds(600);

            publishRounds(reports, published, base, 0, ROUNDS / 2);
            await().atMost(WAIT).until(() -> count(jdbc, "select count(*) from node") == HOSTS.size());
            a.close();   // mid-stream: whatever it fetched and did not acknowledge must reach the others

            publishRounds(reports, published, base, ROUNDS / 2, ROUNDS);
            ConfigurableApplicationContext c = start("am-c", 45);
            try {
                await().atMost(WAIT).until(() -> count(jdbc, "select count(*) from decided_report") == published.size());
                MeterRegistry cMeters = c.getBean(MeterRegistry.class);
                List<MeterRegistry> all = List.of(registries.get(0), registries.get(1), cMeters);

                // each report decided exactly once, by one of the instances
                assertThat(count(jdbc, "select count(distinct report_id) from decided_report")).isEqualTo(published.size());
                assertThat(all.stream().mapToDouble(r -> reports(r, "applied") + reports(r, "superseded")).sum())
                        .isEqualTo(published.size());
                assertThat(count(jdbc, "select count(*) from (select report_id from node_history where report_id is not null"
                        + " group by report_id having count(*) > 1) twice")).isZero();
                // the newest report of each node is the one in force
                for (String host : HOSTS) {
                    SignedReport newest = published.stream().filter(r -> r.hostId().equals(host)).reduce((x, y) -> y).orElseThrow();
                    assertThat(jdbc.sql("select last_report_id from node where host_id = :h").param("h", host)
                            .query(String.class).single()).isEqualTo(newest.reportId());
                    assertThat(jdbc.sql("select status from node where host_id = :h").param("h", host)
                            .query(String.class).single()).isEqualTo("SECURE_BOOT_DISABLED");
                }
                // inventory: the outbox drained, every update once, in order per node
                await().atMost(WAIT).until(() -> count(jdbc, "select count(*) from outbox where delivered_at is null") == 0);
                assertThat(inventory.accepted()).extracting(u -> u.get("eventId").asString()).doesNotHaveDuplicates();
                for (String host : HOSTS) {
                    List<JsonNode> updates = inventory.accepted(host);
                    assertThat(updates).extracting(u -> u.get("sequence").asLong()).isSorted();
                    assertThat(updates.getLast().get("status").asString()).isEqualTo("SECURE_BOOT_DISABLED");
                    assertThat((long) updates.size()).isEqualTo(count(jdbc, "select count(*) from outbox where channel = 'INVENTORY'"
                            + " and host_id = '" + host + "'"));
                }
                // c started with tc.am.poll-duration 45 instead of 60: stored and pushed to every known agent
                assertThat(count(jdbc, "select minutes from poll_policy")).isEqualTo(45);
                await().atMost(WAIT).until(() -> HOSTS.stream().allMatch(h -> Integer.valueOf(45).equals(policyUpdates.get(h))));
            } finally {
                c.close();
                b.close();
            }
        }
    }

    /** Rounds {@code from..to}: one report per node each, alternately untrusted and Secure Boot disabled. */
    private static void publishRounds(ReportStream reports, List<SignedReport> published, Instant base, int from, int to) {
        for (int round = from; round < to; round++) {
            for (String host : HOSTS) {
                TestReports.Builder report = TestReports.report(setup.pki, host).issuedAt(base.plusSeconds(round));
                SignedReport signed = (round % 2 == 0 ? report.untrusted() : report.secureBoot(false)).sign();
                reports.publish(signed);
                published.add(signed);
            }
        }
    }

    private static ConfigurableApplicationContext start(String instance, int pollDuration) {
        Map<String, Object> properties = setup.properties();
        properties.put("tc.am.instance-id", instance);
        properties.put("tc.am.poll-duration", Integer.toString(pollDuration));
        properties.put("tc.am.inventory.base-url", inventory.baseUrl());
        properties.put("tc.am.inventory.token", InventoryStub.TOKEN);
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(AttestationManagerApplication.class).run(args);
    }

    private static double reports(MeterRegistry registry, String outcome) {
        var counter = registry.find("am.reports").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}

package dev.trustedcompute.attestationmanager;

import dev.trustedcompute.agentprotocol.DiskEncryption;
import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.attestationmanager.TestReports.SignedReport;
import dev.trustedcompute.attestationmanager.decisions.StaleNodeCheck;
import dev.trustedcompute.attestationmanager.nodes.Node;
import dev.trustedcompute.attestationmanager.nodes.NodeRepository;
import dev.trustedcompute.attestationmanager.nodes.NodeStatus;
import dev.trustedcompute.attestationmanager.nodes.Reason;
import dev.trustedcompute.testsupport.auth.Permission;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reports to reactions, end to end: signed reports on a real JetStream stream, decisions in real PostgreSQL,
 * fencing through the fabric8 client (reached through a kubeconfig, as in production) against fabric8's
 * KubernetesMockServer in CRUD mode, which stands in for the Kubernetes API server, and inventory updates to a
 * local HTTP server that stands in for the Edge Infrastructure Manager ({@link InventoryStub}).
 */
@SpringBootTest(classes = AttestationManagerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ReportFlowTest.ClockConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class ReportFlowTest {
    static final ManagerTestSetup setup = new ManagerTestSetup(ReportFlowTest.class);
    static final OffsetClock clock = new OffsetClock();
    static final InventoryStub inventory = InventoryStub.start();
    static final KubernetesMockServer apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
            new KubernetesCrudDispatcher(), false);
    static final String TAINT = "trustedcompute.dev/attestation-failed";
    static final String LABEL = "trustedcompute.dev/attestation-status";
    static final Duration WAIT = Duration.ofSeconds(20);
    static KubernetesClient kubernetes;
    static ReportStream reports;

    @LocalServerPort
    int port;

    @Autowired
    NodeRepository nodes;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaleNodeCheck staleCheck;

    @Autowired
    MeterRegistry meters;

    @TestConfiguration
    static class ClockConfiguration {
        @Bean
        Clock clock() {
            return clock;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        apiServer.init();
        kubernetes = apiServer.createClient();
        reports = new ReportStream(setup.natsUrl, setup.subjects, setup.stream);
        Map<String, Object> properties = setup.properties();
        properties.put("tc.am.kubernetes.mode", "AUTO");
        properties.put("tc.am.kubernetes.kubeconfig", kubeconfig().toString());
        properties.put("tc.am.inventory.base-url", inventory.baseUrl());
        properties.put("tc.am.inventory.token", InventoryStub.TOKEN);
        properties.put("tc.am.poll-duration", "60");
        ManagerTestSetup.register(registry, properties);
    }

    @AfterAll
    static void stop() throws Exception {
        reports.close();
        kubernetes.close();
        apiServer.destroy();
        inventory.close();
        setup.close();
    }

    @Test
    void reportWhenUntrustedThenFailedWithFaultsCordonedTaintedLabelledAndInventoryTold() {
        kubernetesNode("f1");
        reports.publish(TestReports.report(setup.pki, "f1").untrusted().sign());

        Node node = awaitNode("f1", n -> n.state().status() == NodeStatus.ATTESTATION_FAILED);
        assertThat(node.state().reason()).isEqualTo(Reason.UNTRUSTED);
        assertThat(node.state().faults()).extracting(f -> f.rule()).containsExactly("PcrMatchesConstant");
        assertThat(node.state().cordoned()).isTrue();
        awaitKubernetes("f1", true, "ATTESTATION_FAILED");
        await().atMost(WAIT).until(() -> !inventory.accepted("f1").isEmpty());
        JsonNode update = inventory.accepted("f1").getFirst();
        assertThat(update.get("attestationStatus").asString()).isEqualTo("FAILED");
        assertThat(update.get("status").asString()).isEqualTo("ATTESTATION_FAILED");
        assertThat(update.get("reason").asString()).isEqualTo("untrusted");
        assertThat(update.get("hardwareUuid").asString()).startsWith("4c4c4544-");
    }

    @Test
    void reportWhenVerifiedAfterFailureThenCordonLiftedOnlyAfterReonboardingAndAFreshVerifiedReport() throws Exception {
        kubernetesNode("f2");
        Instant start = Instant.now().minusSeconds(60);
        reports.publish(TestReports.report(setup.pki, "f2").untrusted().issuedAt(start).sign());
        awaitNode("f2", n -> n.state().status() == NodeStatus.ATTESTATION_FAILED);
        awaitKubernetes("f2", true, "ATTESTATION_FAILED");

        // verified again, but nobody re-onboarded the node: it stays fenced
        SignedReport verifiedWithoutOnboarding = TestReports.report(setup.pki, "f2").issuedAt(start.plusSeconds(10)).sign();
        reports.publish(verifiedWithoutOnboarding);
        Node waiting = awaitNode("f2", n -> verifiedWithoutOnboarding.reportId().equals(n.lastReportId()));
        assertThat(waiting.state().status()).isEqualTo(NodeStatus.VERIFIED);
        assertThat(waiting.state().reason()).isEqualTo(Reason.AWAITING_ONBOARDING);
        assertThat(waiting.state().cordoned()).isTrue();
        awaitKubernetes("f2", true, "VERIFIED");

        HttpResponse<String> onboarded = onboard("f2", "{\"rebaseline\":true}");
        assertThat(onboarded.statusCode()).as(onboarded.body()).isEqualTo(200);
        assertThat(setup.hvs.requests("/hvs/v2/flavors")).anySatisfy(r -> assertThat(r.body()).contains(HvsStub.hvsHostUuid("f2")));
        assertThat(kubernetes.nodes().withName("f2").get().getSpec().getUnschedulable()).as("onboarding alone lifts nothing").isTrue();

        reports.publish(TestReports.report(setup.pki, "f2").issuedAt(Instant.now()).sign());
        Node restored = awaitNode("f2", n -> !n.state().cordoned());
        assertThat(restored.state().status()).isEqualTo(NodeStatus.VERIFIED);
        assertThat(restored.state().reason()).isNull();
        awaitKubernetes("f2", false, "VERIFIED");
        await().atMost(WAIT).until(() -> inventory.accepted("f2").size() == 3);
        assertThat(inventory.accepted("f2")).extracting(u -> u.get("attestationStatus").asString())
                .containsExactly("FAILED", "FAILED", "VERIFIED");
        assertThat(jdbc.sql("select event from node_history where host_id = 'f2' order by id").query(String.class).list())
                .containsExactly("REPORT", "REPORT", "ONBOARDED", "REPORT");
    }

    @Test
    void reportWhenSecureBootDisabledOrDiskUnencryptedThenTheirOwnStatusAndReason() {
        reports.publish(TestReports.report(setup.pki, "f3").secureBoot(false).sign());
        reports.publish(TestReports.report(setup.pki, "f4").disk(new DiskEncryption(false, null)).sign());
        Node secureBoot = awaitNode("f3", n -> n.state().status() != NodeStatus.PENDING);
        assertThat(secureBoot.state().status()).isEqualTo(NodeStatus.SECURE_BOOT_DISABLED);
        assertThat(secureBoot.state().cordoned()).isTrue();
        Node disk = awaitNode("f4", n -> n.state().status() != NodeStatus.PENDING);
        assertThat(disk.state().status()).isEqualTo(NodeStatus.ATTESTATION_FAILED);
        assertThat(disk.state().reason()).isEqualTo(Reason.DISK_NOT_ENCRYPTED);
    }

    @Test
    void reportWhenForgedThenRefusedLoggedAndNodeUnchanged(CapturedOutput output) {
        SignedReport genuine = TestReports.report(setup.pki, "f5").sign();
        reports.publish(genuine);
        Node before = awaitNode("f5", n -> genuine.reportId().equals(n.lastReportId()));

        SignedReport badSignature = TestReports.report(setup.pki, "f5").untrusted().sign().withFlippedSignatureBit();
        SignedReport foreignChain = TestReports.report(setup.pki, "f5").untrusted().signedBy(TestPki.foreign().hvs()).sign();
        reports.publish(badSignature);
        reports.publish(foreignChain);

        await().atMost(WAIT).until(() -> output.getOut().contains("Nats-Msg-Id " + foreignChain.reportId() + "): CHAIN")
                && output.getOut().contains("Nats-Msg-Id " + badSignature.reportId() + "): SIGNATURE"));
        assertThat(nodes.find(HostId.of("f5")).orElseThrow()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from decided_report where report_id in (:a, :b)")
                .param("a", badSignature.reportId()).param("b", foreignChain.reportId()).query(Long.class).single()).isZero();
        assertThat(meters.counter("am.reports", "outcome", "refused-signature").count()).isPositive();
        assertThat(meters.counter("am.reports", "outcome", "refused-chain").count()).isPositive();
    }

    @Test
    void reportWhenDeliveredAgainThenNothingChanges() {
        SignedReport report = TestReports.report(setup.pki, "f6").untrusted().sign();
        reports.publish(report);
        Node before = awaitNode("f6", n -> report.reportId().equals(n.lastReportId()));
        await().atMost(WAIT).until(() -> outboxEntries("f6") == 2);
        long history = jdbc.sql("select count(*) from node_history where host_id = 'f6'").query(Long.class).single();
        double duplicates = meters.counter("am.reports", "outcome", "duplicate").count();

        reports.publish(report, null);   // no Nats-Msg-Id: JetStream stores it again, the manager must notice
        reports.publish(report);         // same Nats-Msg-Id within the window: JetStream drops it itself
        await().atMost(WAIT).until(() -> meters.counter("am.reports", "outcome", "duplicate").count() == duplicates + 1);

        assertThat(nodes.find(HostId.of("f6")).orElseThrow()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from node_history where host_id = 'f6'").query(Long.class).single()).isEqualTo(history);
        assertThat(outboxEntries("f6")).isEqualTo(2);
    }

    @Test
    void reportWhenOlderThanTheAppliedOneThenSupersededAndNothingChanges() {
        SignedReport newer = TestReports.report(setup.pki, "f7").sign();
        reports.publish(newer);
        Node before = awaitNode("f7", n -> newer.reportId().equals(n.lastReportId()));
        SignedReport older = TestReports.report(setup.pki, "f7").untrusted().issuedAt(newer.issuedAt().minusSeconds(600)).sign();
        reports.publish(older);
        await().atMost(WAIT).until(() -> "SUPERSEDED".equals(jdbc.sql("select outcome from decided_report where report_id = :id")
                .param("id", older.reportId()).query(String.class).optional().orElse(null)));
        assertThat(nodes.find(HostId.of("f7")).orElseThrow()).isEqualTo(before);
    }

    /** The JWT's iat has whole seconds; reports are ordered by their creation time, which has more. */
    @Test
    void reportWhenNewerWithinTheSameSecondThenAppliedNotSuperseded() {
        Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SignedReport first = TestReports.report(setup.pki, "f9").issuedAt(second.plusMillis(100)).sign();
        reports.publish(first);
        awaitNode("f9", n -> first.reportId().equals(n.lastReportId()));
        SignedReport later = TestReports.report(setup.pki, "f9").untrusted().issuedAt(second.plusMillis(600)).sign();

        reports.publish(later);

        Node node = awaitNode("f9", n -> later.reportId().equals(n.lastReportId()));
        assertThat(node.state().status()).isEqualTo(NodeStatus.ATTESTATION_FAILED);
        assertThat(jdbc.sql("select outcome from decided_report where report_id = :id").param("id", later.reportId())
                .query(String.class).single()).isNotEqualTo("SUPERSEDED");
    }

    @Test
    void staleCheckWhenNoValidReportForTwicePollDurationThenFailedStaleAndCordoned() {
        kubernetesNode("f8");
        SignedReport report = TestReports.report(setup.pki, "f8").issuedAt(clock.instant().minus(Duration.ofMinutes(100))).sign();
        reports.publish(report);
        awaitNode("f8", n -> report.reportId().equals(n.lastReportId()));
        try {
            staleCheck.run();
            assertThat(nodes.find(HostId.of("f8")).orElseThrow().state().status()).as("100 of 120 minutes").isEqualTo(NodeStatus.VERIFIED);

            clock.advance(Duration.ofMinutes(21));
            staleCheck.run();
            Node stale = nodes.find(HostId.of("f8")).orElseThrow();
            assertThat(stale.state().status()).isEqualTo(NodeStatus.ATTESTATION_FAILED);
            assertThat(stale.state().reason()).isEqualTo(Reason.STALE);
            assertThat(stale.state().cordoned()).isTrue();
            assertThat(stale.state().detail()).contains("120 minutes");
            awaitKubernetes("f8", true, "ATTESTATION_FAILED");
            assertThat(staleCheck.run()).as("already stale: no second verdict").isZero();
        } finally {
            clock.reset();
        }
    }

    @Test
    void inventoryWhenDownThenEveryUpdateArrivesOnceAndInOrderPerNodeAfterRecovery() {
        List<String> hosts = List.of("o1", "o2", "o3");
        inventory.down();
        try {
            Instant base = Instant.now().minusSeconds(120);
            for (int i = 0; i < 4; i++) {
                for (String host : hosts) {
                    TestReports.Builder report = TestReports.report(setup.pki, host).issuedAt(base.plusSeconds(i));
                    reports.publish((switch (i) {
                        case 0, 3 -> report.untrusted();
                        case 1 -> report.secureBoot(false);
                        default -> report.disk(new DiskEncryption(false, null));
                    }).sign());
                }
            }
            await().atMost(WAIT).until(() -> jdbc.sql("select count(*) from decided_report where host_id in ('o1', 'o2', 'o3')")
                    .query(Long.class).single() == 12);
            await().atMost(WAIT).until(() -> inventory.refused() >= 6);
            assertThat(hosts).allSatisfy(host -> assertThat(inventory.accepted(host)).isEmpty());
        } finally {
            inventory.up();
        }
        await().atMost(WAIT).until(() -> hosts.stream().allMatch(h -> inventory.accepted(h).size() == 4));
        await().pollDelay(Duration.ofMillis(1500)).atMost(WAIT).until(() -> true);

        for (String host : hosts) {
            List<JsonNode> updates = inventory.accepted(host);
            assertThat(updates).extracting(u -> u.get("reason").asString())
                    .containsExactly("untrusted", "secure-boot-disabled", "disk-not-encrypted", "untrusted");
            assertThat(updates).extracting(u -> u.get("sequence").asLong()).isSorted().doesNotHaveDuplicates();
        }
        assertThat(inventory.accepted()).extracting(u -> u.get("eventId").asString()).doesNotHaveDuplicates();
        assertThat(jdbc.sql("select count(*) from outbox where channel = 'INVENTORY' and delivered_at is null")
                .query(Long.class).single()).isZero();
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private Node awaitNode(String host, Predicate<Node> condition) {
        return await().atMost(WAIT).until(() -> nodes.find(HostId.of(host)).orElse(null), n -> n != null && condition.test(n));
    }

    private static void kubernetesNode(String name) {
        kubernetes.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec().build())
                .create();
    }

    private static void awaitKubernetes(String name, boolean cordoned, String status) {
        await().atMost(WAIT).untilAsserted(() -> {
            io.fabric8.kubernetes.api.model.Node node = kubernetes.nodes().withName(name).get();
            assertThat(node.getMetadata().getLabels()).containsEntry(LABEL, status);
            assertThat(Boolean.TRUE.equals(node.getSpec().getUnschedulable())).isEqualTo(cordoned);
            assertThat(node.getSpec().getTaints().stream().anyMatch(t -> t.getKey().equals(TAINT) && t.getEffect().equals("NoSchedule")))
                    .isEqualTo(cordoned);
        });
    }

    private long outboxEntries(String host) {
        return jdbc.sql("select count(*) from outbox where host_id = :h").param("h", host).query(Long.class).single();
    }

    private HttpResponse<String> onboard(String host, String body) throws Exception {
        String token = setup.aas.token("operator", Permission.of("AM", "nodes:onboard"));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/am/v1/nodes/" + host + "/onboard"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path kubeconfig() throws IOException {
        Path file = Files.createTempFile("am-kubeconfig-", ".yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: http://%s:%d
                users:
                - name: attestation-manager
                  user:
                    token: test-token
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: attestation-manager
                current-context: mock
                """.formatted(apiServer.getHostName(), apiServer.getPort()));
        return file;
    }
}

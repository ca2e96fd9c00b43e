package dev.trustedcompute.hvs.reports;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.hvs.HvsApplication;
import dev.trustedcompute.hvs.hosts.Host;
import dev.trustedcompute.hvs.hosts.HostService;
import dev.trustedcompute.hvs.nats.FetchedEvidence;
import dev.trustedcompute.hvs.support.HvsTestEnvironment;
import dev.trustedcompute.hvs.support.TestBeans;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports are an outbox: issued while NATS is down, they reach JetStream once it is back (own nats-server process,
 * stopped and restarted; file storage keeps the stream).
 */
@SpringBootTest(classes = HvsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(TestBeans.class)
class ReportOutboxTest {

    static final HvsTestEnvironment env = new HvsTestEnvironment(ReportOutboxTest.class);
    static final NatsServerFixture.DedicatedNatsServer nats = NatsServerFixture.startDedicated();

    @Autowired
    ReportService reports;
    @Autowired
    HostService hosts;
    @Autowired
    Subjects subjects;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        env.register(r, nats.url());
        r.add("tc.hvs.nats.publish-retry-interval", () -> "PT1S");
    }

    @AfterAll
    static void stop() {
        env.aas.close();
        nats.close();
    }

    @Test
    void issueWhenNatsDownThenPublishedWithItsIdOnceNatsIsBack() throws Exception {
        Host host = hosts.create(new HostService.HostSpec("outbox-1", "outbox-1", UUID.randomUUID().toString(), null,
                null)).host();
        Judgement content = new Judgement(new ReportContent(null, true, Map.of("OVERALL", "TRUSTED"), List.of(), null,
                false, Set.of(), List.of(), null), null);
        Report before = reports.issue(host, content, id -> {
        });
        await(() -> published(before.id()), "first report published");

        nats.stop();
        Report during = reports.issue(host, content, id -> {
        });
        Thread.sleep(1500);
        assertThat(published(during.id())).as("NATS down: still waiting").isFalse();
        nats.restart();

        await(() -> published(during.id()), "report published after NATS came back");
        try (Connection observer = Nats.connect(nats.url())) {
            MessageInfo last = observer.jetStreamManagement().getLastMessage(env.reportStream,
                    subjects.report(HostId.of("outbox-1")));
            assertThat(last.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(during.id().toString());
            assertThat(new String(last.getData(), StandardCharsets.US_ASCII)).isEqualTo(during.jwt());
            assertThat(observer.jetStreamManagement().getStreamInfo(env.reportStream).getStreamState().getMsgCount())
                    .isEqualTo(2);
        }
    }

    @Test
    void storeWhenTwoReportsOfOneHostInABatchThenBothStoredAndTheNewerEvidenceKept() {
        Host host = hosts.create(new HostService.HostSpec("outbox-2", "outbox-2", UUID.randomUUID().toString(), null,
                null)).host();
        ReportContent content = new ReportContent(null, true, Map.of("OVERALL", "TRUSTED"), List.of(), null, false,
                Set.of(), List.of(), null);
        PreparedReport older = reports.prepare(host, new Judgement(content, new FetchedEvidence(null, new byte[] {1})));
        PreparedReport newer = reports.prepare(host, new Judgement(content, new FetchedEvidence(null, new byte[] {2})));
        PreparedReport rejected = reports.prepare(host, new Judgement(content, null));

        reports.store(List.of(older, newer, rejected));

        assertThat(jdbc.sql("SELECT id FROM reports WHERE host_id = :host ORDER BY id").param("host", host.id())
                .query(UUID.class).list())
                .containsExactly(older.report().id(), newer.report().id(), rejected.report().id());
        assertThat(jdbc.sql("SELECT nonce_sha256 FROM host_evidence WHERE host_id = :host").param("host", host.id())
                .query(byte[].class).single()).as("the newest verified evidence").containsExactly(2);
    }

    private boolean published(UUID id) {
        return jdbc.sql("SELECT published_at IS NOT NULL FROM reports WHERE id = :id").param("id", id)
                .query(Boolean.class).single();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}

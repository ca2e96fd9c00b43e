package dev.trustedcompute.testsupport;

import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class NatsServerFixtureTest {

    @Test
    void urlWhenConnectingThenRequestReplyAndJetStreamWork() throws Exception {
        String prefix = NatsServerFixture.subjectPrefix(NatsServerFixtureTest.class);
        try (Connection nats = Nats.connect(NatsServerFixture.url())) {
            var dispatcher = nats.createDispatcher(msg -> nats.publish(msg.getReplyTo(),
                    ("pong:" + new String(msg.getData(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
            dispatcher.subscribe(prefix + "ping");
            Message reply = nats.request(prefix + "ping", "1".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("pong:1");

            String stream = prefix.replace('.', '_') + "S";
            nats.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream)
                    .subjects(prefix + "js.>").storageType(StorageType.Memory).build());
            var ack = nats.jetStream().publish(prefix + "js.a", "x".getBytes(StandardCharsets.UTF_8));
            assertThat(ack.getStream()).isEqualTo(stream);
            nats.jetStreamManagement().deleteStream(stream);
        }
    }

    @Test
    void startDedicatedWhenRestartedThenClientsReconnect() throws Exception {
        try (NatsServerFixture.DedicatedNatsServer server = NatsServerFixture.startDedicated();
             Connection nats = Nats.connect(new Options.Builder().server(server.url())
                     .reconnectWait(Duration.ofMillis(100)).maxReconnects(-1).build())) {
            assertThat(nats.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            server.restart();
            long deadline = System.currentTimeMillis() + 10_000;
            while (nats.getStatus() != Connection.Status.CONNECTED && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            nats.flush(Duration.ofSeconds(5));
            assertThat(nats.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        }
    }
}

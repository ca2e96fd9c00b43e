package dev.trustedcompute.testsupport;

import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.nats.OperatorNatsServer;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.NKey;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JwtUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorNatsServerTest {

    static final OperatorNatsServer server = NatsServerFixture.startOperatorMode();

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Options.Builder options(String credentials) {
        return new Options.Builder().server(server.url()).maxReconnects(0)
                .authHandler(Nats.staticCredentials(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void adminCredentialsWhenConnectingThenRequestReplyAndJetStreamWork() throws Exception {
        try (Connection nats = Nats.connect(options(server.adminCredentials()).build())) {
            nats.createDispatcher(m -> nats.publish(m.getReplyTo(), m.getData())).subscribe("echo");
            Message reply = nats.request("echo", "hi".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("hi");
            nats.jetStreamManagement().addStream(StreamConfiguration.builder().name("S").subjects("js.>")
                    .storageType(StorageType.Memory).build());
            assertThat(nats.jetStream().publish("js.a", new byte[] {1}).getStream()).isEqualTo("S");
        }
    }

    @Test
    void connectWhenUserSignedByUnknownKeyThenAuthenticationFails() throws Exception {
        NKey foreign = NKey.createAccount(new SecureRandom());
        NKey user = NKey.createUser(new SecureRandom());
        String jwt = JwtUtils.issueUserJWT(foreign, new String(user.getPublicKey()), "intruder", Duration.ofHours(1),
                System.currentTimeMillis() / 1000, new JwtUtils.UserClaim(server.accountPublicKey()));
        String credentials = String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, new String(user.getSeed()));

        assertThatThrownBy(() -> Nats.connect(options(credentials).build()))
                .isInstanceOfAny(AuthenticationException.class, java.io.IOException.class);
    }

    @Test
    void connectWhenNoCredentialsThenRefused() {
        assertThatThrownBy(() -> Nats.connect(new Options.Builder().server(server.url()).maxReconnects(0).build()))
                .isInstanceOf(java.io.IOException.class);
    }
}

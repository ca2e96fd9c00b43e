package dev.trustedcompute.attestationmanager.config;

import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.nats.OperatorNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The manager joins an operator-mode NATS (the one that enforces per-host agent credentials) with its .creds file. */
class NatsCredentialsTest {

    @Test
    void connectWhenCredentialsFileThenAuthenticatedOnOperatorModeNats(@TempDir Path dir) throws Exception {
        try (OperatorNatsServer server = NatsServerFixture.startOperatorMode()) {
            Path creds = Files.writeString(dir.resolve("manager.creds"), server.adminCredentials());
            ManagerProperties.Nats nats = new ManagerProperties.Nats(server.url(), "", "HVS_REPORTS",
                    "attestation-manager", Duration.ofSeconds(30), creds);

            try (Connection connection = ManagerConfiguration.connect(nats, "manager under test")) {
                connection.flush(Duration.ofSeconds(5));

                assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                assertThat(connection.getServerInfo().isAuthRequired()).as("operator mode requires auth").isTrue();
            }
        }
    }
}

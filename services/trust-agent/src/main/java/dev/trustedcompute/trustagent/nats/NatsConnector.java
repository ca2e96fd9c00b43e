package dev.trustedcompute.trustagent.nats;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The agent's one outbound NATS connection: per-host credentials from onboarding (none only in dev mode), TLS
 * trust from the CA bundle, and reconnection forever, so a NATS restart never needs an agent restart (jnats
 * re-subscribes after a reconnect). When NATS is down at start, {@link #connect()} waits until it is reachable.
 *
 * @param url         NATS server URL ({@code nats://} or {@code tls://})
 * @param credentials the .creds file HVS issued; empty in dev mode
 */
public record NatsConnector(String url, Optional<Path> credentials, Optional<SSLContext> tls,
                            Duration reconnectWait) {

    private static final System.Logger LOG = System.getLogger(NatsConnector.class.getName());

    /**
     * Connects as {@code host}. Replies to the agent's requests come to its own inbox prefix
     * ({@code _INBOX.<hostId>.}), the only inbox its per-host credentials may subscribe to.
     */
    public Connection connect(HostId host) throws AgentException {
        Options.Builder options = Options.builder()
                .server(url)
                .connectionName("trust-agent " + host)
                .inboxPrefix(Subjects.agentInboxPrefix(host))
                .maxReconnects(-1)
                .reconnectWait(reconnectWait)
                .connectionTimeout(Duration.ofSeconds(5))
                .connectionListener(LISTENER)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        LOG.log(System.Logger.Level.WARNING, "NATS error: {0}", error);
                    }
                });
        if (credentials.isPresent()) {
            if (!Files.isReadable(credentials.get())) {
                throw new AgentException(Failure.NOT_ONBOARDED, "no readable NATS credentials at " + credentials.get()
                        + "; run 'trust-agent onboard' (or 'run --dev' against a development NATS)");
            }
            options.authHandler(Nats.credentials(credentials.get().toString()));
        }
        tls.ifPresent(options::sslContext);
        try {
            return Nats.connectReconnectOnConnect(options.build());
        } catch (IOException e) {
            throw new AgentException(Failure.HVS_UNREACHABLE, "cannot connect to NATS at " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(Failure.HVS_UNREACHABLE, "interrupted while connecting to NATS at " + url, e);
        }
    }

    private static final ConnectionListener LISTENER = (conn, event) ->
            LOG.log(event == ConnectionListener.Events.DISCONNECTED ? System.Logger.Level.WARNING
                    : System.Logger.Level.INFO, "NATS {0} ({1})", event, conn.getConnectedUrl());
}

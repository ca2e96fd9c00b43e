package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.hvs.config.HvsProperties;
import io.nats.client.AuthHandler;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * HVS's NATS connection. Credentials: a {@code .creds} file when configured; else, when HVS holds an account
 * signing key, a user JWT it issues to itself (see {@link NatsUserIssuer#serviceCredentials}); else none (a
 * server without authentication, as in the local lab).
 */
@Configuration(proxyBeanMethods = false)
public class NatsConfiguration {

    /** HVS re-issues its own credentials at every start, so a short life is enough. */
    static final Duration SELF_ISSUED_VALIDITY = Duration.ofDays(30);

    @Bean
    Subjects subjects(HvsProperties properties) {
        try {
            return new Subjects(properties.nats().subjectPrefix());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tc.hvs.nats.subject-prefix: " + e.getMessage(), e);
        }
    }

    @Bean
    QuoteSelection quoteSelection(HvsProperties properties) {
        return QuoteSelection.of(properties.quote().bank());
    }

    /** Present only when {@code tc.hvs.nats.account-signing-seed} is set. */
    @Bean
    NatsUserIssuer natsUserIssuer(HvsProperties properties, Subjects subjects, SecureRandom random, Clock clock) {
        HvsProperties.Nats nats = properties.nats();
        if (nats.accountSigningSeed() == null || nats.accountSigningSeed().isBlank()) {
            return null;
        }
        return new NatsUserIssuer(nats.accountSigningSeed().toCharArray(), nats.accountPublicKey(), subjects, random,
                clock);
    }

    @Bean(destroyMethod = "close")
    Connection natsConnection(HvsProperties properties, ObjectProvider<NatsUserIssuer> issuer)
            throws IOException, InterruptedException {
        HvsProperties.Nats nats = properties.nats();
        Options.Builder options = new Options.Builder()
                .servers(nats.url().split(","))
                .connectionName("hvs")
                .maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(2));
        AuthHandler auth = auth(nats, issuer.getIfAvailable());
        if (auth != null) {
            options.authHandler(auth);
        }
        try {
            return Nats.connect(options.build());
        } catch (IOException e) {
            throw new IOException("cannot connect to NATS at " + nats.url() + ": " + e.getMessage(), e);
        }
    }

    private static AuthHandler auth(HvsProperties.Nats nats, NatsUserIssuer issuer) {
        if (nats.credentialsFile() != null) {
            return Nats.credentials(nats.credentialsFile().toString());
        }
        if (issuer != null) {
            return Nats.staticCredentials(issuer.serviceCredentials(SELF_ISSUED_VALIDITY).getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }
}

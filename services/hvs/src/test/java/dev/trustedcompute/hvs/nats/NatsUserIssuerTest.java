package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.Subjects;
import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Agent credentials carry exactly the host's subjects; misconfigured keys are refused at start. */
class NatsUserIssuerTest {

    static final SecureRandom RANDOM = new SecureRandom();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void agentCredentialsWhenIssuedThenJwtScopedToHostAndExpiring() throws Exception {
        NKey account = NKey.createAccount(RANDOM);
        NKey signing = NKey.createAccount(RANDOM);
        NatsUserIssuer issuer = new NatsUserIssuer(signing.getSeed(), new String(account.getPublicKey()),
                new Subjects("p."), RANDOM, CLOCK);

        String creds = issuer.agentCredentials(HostId.of("edge-1"), Duration.ofDays(365));

        String jwt = creds.lines().dropWhile(l -> !l.contains("BEGIN NATS USER JWT")).skip(1).findFirst().orElseThrow();
        String claims = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"iss\":\"" + new String(signing.getPublicKey()) + "\"",
                "\"issuer_account\":\"" + new String(account.getPublicKey()) + "\"",
                "\"pub\":{\"allow\":[\"p.hvs.agents.edge-1.>\"]}",
                "\"sub\":{\"allow\":[\"p.trust-agent.edge-1.>\",\"_INBOX.edge-1.>\"]}",
                "\"max\":1", "\"exp\":" + (CLOCK.instant().getEpochSecond() + Duration.ofDays(365).toSeconds()));
        assertThat(creds).contains("BEGIN USER NKEY SEED").doesNotContain(new String(signing.getSeed()));
        assertThat(JwtUtils.getClaimBody(jwt)).isEqualTo(claims);
    }

    @Test
    void constructWhenSeedIsTheAccountKeyItselfOrNotAnAccountThenRefused() throws Exception {
        NKey account = NKey.createAccount(RANDOM);
        NKey user = NKey.createUser(RANDOM);

        assertThatThrownBy(() -> new NatsUserIssuer(account.getSeed(), new String(account.getPublicKey()), Subjects.DEFAULT,
                RANDOM, CLOCK)).hasMessageContaining("signing key of the account");
        assertThatThrownBy(() -> new NatsUserIssuer(user.getSeed(), new String(account.getPublicKey()), Subjects.DEFAULT,
                RANDOM, CLOCK)).hasMessageContaining("not an account nkey seed");
        assertThatThrownBy(() -> new NatsUserIssuer(NKey.createAccount(RANDOM).getSeed(), "not-a-key", Subjects.DEFAULT,
                RANDOM, CLOCK)).hasMessageContaining("account-public-key");
    }
}

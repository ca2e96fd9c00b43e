package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.Subjects;
import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import io.nats.client.support.JwtUtils.Permission;
import io.nats.client.support.JwtUtils.ResponsePermission;
import io.nats.client.support.JwtUtils.UserClaim;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * Issues NATS user credentials ({@code .creds} text: a user JWT plus the user's nkey seed) signed with a
 * signing key of HVS's NATS account (decentralised JWT auth, resolver-based servers). The seed of each new user
 * is generated here and handed out once; HVS keeps neither.
 */
public final class NatsUserIssuer {

    /** How long an agent may take to answer a request it received (its one allowed reply). */
    static final Duration AGENT_REPLY_WINDOW = Duration.ofMinutes(1);

    private final NKey signingKey;
    private final String accountPublicKey;
    private final Subjects subjects;
    private final SecureRandom random;
    private final Clock clock;

    /**
     * @param signingSeed      seed ({@code SA...}) of a signing key registered in the account's JWT
     * @param accountPublicKey the account ({@code A...}) the users belong to; must differ from the signing key
     */
    public NatsUserIssuer(char[] signingSeed, String accountPublicKey, Subjects subjects, SecureRandom random,
                          Clock clock) {
        this.signingKey = accountSeed(signingSeed);
        if (!isAccountPublicKey(accountPublicKey)) {
            throw new IllegalArgumentException("tc.hvs.nats.account-public-key must be the account's public key (A...)");
        }
        if (Arrays.equals(publicKey(signingKey), accountPublicKey.toCharArray())) {
            throw new IllegalArgumentException("tc.hvs.nats.account-signing-seed must be a signing key of the account "
                    + "(nsc edit account --sk generate), not the account key itself");
        }
        this.accountPublicKey = accountPublicKey;
        this.subjects = subjects;
        this.random = random;
        this.clock = clock;
    }

    /**
     * An agent's credentials: subscribe {@code trust-agent.<hostId>.>} and its inbox {@code _INBOX.<hostId>.>},
     * publish {@code hvs.agents.<hostId>.>}, one reply to each request it receives; nothing else.
     */
    public String agentCredentials(HostId host, Duration validity) {
        UserClaim claim = new UserClaim(accountPublicKey)
                .pub(new Permission().allow(subjects.agentOutbound(host)))
                .sub(new Permission().allow(subjects.agentInbound(host), Subjects.agentInbox(host)))
                .resp(new ResponsePermission().maxMsgs(1).expires(AGENT_REPLY_WINDOW));
        return credentials("agent-" + host.value(), claim, validity);
    }

    /**
     * HVS's own credentials: request quotes from agents, serve agents' nonce and evidence requests, publish
     * reports to JetStream.
     */
    public String serviceCredentials(Duration validity) {
        String prefix = subjects.prefix();
        UserClaim claim = new UserClaim(accountPublicKey)
                .pub(new Permission().allow(prefix + "trust-agent.>", prefix + "hvs.reports.>", "$JS.API.>"))
                .sub(new Permission().allow(prefix + "hvs.agents.>", "_INBOX.>"))
                .resp(new ResponsePermission().maxMsgs(1).expires(AGENT_REPLY_WINDOW));
        return credentials("hvs", claim, validity);
    }

    private String credentials(String name, UserClaim claim, Duration validity) {
        try {
            NKey user = NKey.createUser(random);
            String jwt = JwtUtils.issueUserJWT(signingKey, new String(user.getPublicKey()), name, validity,
                    clock.instant().getEpochSecond(), claim);
            return String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, new String(user.getSeed()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue NATS user credentials", e);
        }
    }

    private static NKey accountSeed(char[] seed) {
        try {
            NKey key = NKey.fromSeed(seed);
            if (key.getType() == NKey.Type.ACCOUNT) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // reported below; the seed itself is never echoed
        }
        throw new IllegalArgumentException("tc.hvs.nats.account-signing-seed is not an account nkey seed (SA...)");
    }

    private static boolean isAccountPublicKey(String key) {
        try {
            return key != null && NKey.isValidPublicAccountKey(key.toCharArray());
        } catch (IllegalArgumentException e) {
            return false; // bad checksum or encoding
        }
    }

    private static char[] publicKey(NKey key) {
        try {
            return key.getPublicKey();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("unusable NATS account signing key", e);
        }
    }
}

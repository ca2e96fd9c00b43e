package dev.trustedcompute.testsupport.nats;

import dev.trustedcompute.testsupport.Ports;
import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * A nats-server in operator mode (decentralised JWT authentication) for tests of per-user permissions: an
 * operator, a system account and one application account with JetStream, all generated at start, preloaded
 * with {@code resolver: MEMORY}. The account has a scoped signing key ({@link #accountSigningSeed()}) with which
 * the code under test issues user JWTs, as a deployment's HVS would; {@link #adminCredentials()} is a user of
 * that account allowed everything.
 */
public final class OperatorNatsServer implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NatsServerFixture.DedicatedNatsServer server;
    private final NKey account;
    private final NKey signingKey;

    private OperatorNatsServer(NatsServerFixture.DedicatedNatsServer server, NKey account, NKey signingKey) {
        this.server = server;
        this.account = account;
        this.signingKey = signingKey;
    }

    static OperatorNatsServer start() {
        try {
            NKey operator = NKey.createOperator(RANDOM);
            NKey system = NKey.createAccount(RANDOM);
            NKey account = NKey.createAccount(RANDOM);
            NKey signingKey = NKey.createAccount(RANDOM);
            String operatorJwt = jwt(operator, operator, "tc-test-operator", claim("operator", "\"system_account\":\""
                    + publicKey(system) + "\""));
            String systemJwt = jwt(operator, system, "SYS", claim("account", limits(false)));
            String accountJwt = jwt(operator, account, "TC", claim("account", limits(true)
                    + ",\"signing_keys\":[\"" + publicKey(signingKey) + "\"]"));
            String config = "operator: " + operatorJwt + "\n"
                    + "system_account: " + publicKey(system) + "\n"
                    + "resolver: MEMORY\n"
                    + "resolver_preload: {\n"
                    + "  " + publicKey(system) + ": " + systemJwt + "\n"
                    + "  " + publicKey(account) + ": " + accountJwt + "\n"
                    + "}\n";
            return new OperatorNatsServer(NatsServerFixture.DedicatedNatsServer.start(Ports.freePort(), config), account,
                    signingKey);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate operator-mode NATS keys", e);
        }
    }

    public String url() {
        return server.url();
    }

    /** The application account's public key ({@code A...}). */
    public String accountPublicKey() {
        return publicKey(account);
    }

    /** Seed of the account's scoped signing key ({@code SA...}): issues user JWTs of the account. */
    public String accountSigningSeed() {
        return new String(signingKey.getSeed());
    }

    /** {@code .creds} text of a user of the account with no permission limits. */
    public String adminCredentials() {
        try {
            NKey user = NKey.createUser(RANDOM);
            String jwt = JwtUtils.issueUserJWT(signingKey, new String(user.getPublicKey()), "test-admin",
                    Duration.ofHours(1), System.currentTimeMillis() / 1000, new JwtUtils.UserClaim(accountPublicKey()));
            return String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, new String(user.getSeed()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server (if running) and starts it again with the same keys. */
    public void restart() {
        server.restart();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Account limits: unlimited; with JetStream (unlimited memory and file storage) when asked. */
    private static String limits(boolean jetStream) {
        String base = "\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
                + "\"wildcards\":true,\"conn\":-1,\"leaf\":-1";
        String js = jetStream ? ",\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1" : "";
        return "\"limits\":{" + base + js + "}";
    }

    /** The {@code nats} part of an operator or account JWT (nats-io/jwt v2). */
    private static JsonSerializable claim(String type, String fields) {
        return () -> "{" + fields + ",\"type\":\"" + type + "\",\"version\":2}";
    }

    private static String jwt(NKey issuer, NKey subject, String name, JsonSerializable nats)
            throws GeneralSecurityException, IOException {
        return JwtUtils.issueJWT(issuer, publicKey(subject), name, null, System.currentTimeMillis() / 1000,
                publicKey(issuer), null, nats);
    }

    private static String publicKey(NKey key) {
        try {
            return new String(key.getPublicKey());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "OperatorNatsServer[" + url() + ", account " + accountPublicKey() + "]";
    }
}

package dev.trustedcompute.trustagent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trustedcompute.tpmquote.tpm.CredentialChallenge;
import dev.trustedcompute.tpmquote.tpm.TpmtPublic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for HVS's onboarding endpoints (HVS is built separately; this implements the same fixed REST contract
 * on loopback HTTP): it makes real credentials with libs/tpm-quote's {@link CredentialChallenge#make} and checks
 * the returned secret with {@code verifyActivated}. Knobs let tests make it misbehave.
 */
public final class StandInHvs implements AutoCloseable {

    public static final String TOKEN = "test-onboarding-token";
    public static final String NATS_CREDS = """
            -----BEGIN NATS USER JWT-----
            eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln
            ------END NATS USER JWT------

            -----BEGIN USER NKEY SEED-----
            SUAIBDPBAUTWCWBKIO6XHQNINK5FWJW4OHLXC3HQ2KFE4PEJUA44CNHTC4
            ------END USER NKEY SEED------
            """;

    private record Pending(CredentialChallenge challenge, String hostId, TpmtPublic ak) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile JsonNode lastChallengeRequest;
    /** Make the credential for a different AK name (the TPM must refuse it). */
    public volatile boolean credentialForOtherAk;
    /** Answer with another AK name than the one activated. */
    public volatile boolean reportOtherAkName;
    /** Issue no NATS credentials. */
    public volatile boolean withoutNatsCredentials;

    private StandInHvs(HttpServer server) {
        this.server = server;
    }

    public static StandInHvs start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            StandInHvs hvs = new StandInHvs(server);
            server.createContext("/hvs/v2/onboarding/challenges", hvs::handle);
            server.start();
            return hvs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The body of the last challenge request the agent sent. */
    public JsonNode lastChallengeRequest() {
        return lastChallengeRequest;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                problem(exchange, 401, "Unauthorized", "missing or invalid bearer token");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (path.equals("/hvs/v2/onboarding/challenges")) {
                challenge(exchange, body);
            } else if (path.matches("/hvs/v2/onboarding/challenges/[0-9a-f-]+/response")) {
                response(exchange, path.split("/")[5], body);
            } else {
                problem(exchange, 404, "Not Found", path);
            }
        } catch (Exception e) {
            problem(exchange, 400, "Bad Request", e.toString());
        }
    }

    private void challenge(HttpExchange exchange, JsonNode body) throws Exception {
        lastChallengeRequest = body;
        TpmtPublic ek = TpmtPublic.parse(Base64.getDecoder().decode(body.get("ekPublic").asString()));
        TpmtPublic ak = TpmtPublic.parse(Base64.getDecoder().decode(body.get("akPublic").asString()));
        byte[] name = ak.name();
        if (credentialForOtherAk) {
            name[name.length - 1] ^= 1;
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        CredentialChallenge challenge = CredentialChallenge.make(ek, name, secret, random);
        String id = UUID.randomUUID().toString();
        pending.put(id, new Pending(challenge, body.get("hostId").asString(), ak));
        json(exchange, 201, Map.of("challengeId", id,
                "credentialBlob", Base64.getEncoder().encodeToString(challenge.idObject()),
                "encryptedSecret", Base64.getEncoder().encodeToString(challenge.encryptedSecret()),
                "expiresAt", "2099-01-01T00:00:00Z"));
    }

    private void response(HttpExchange exchange, String id, JsonNode body) throws Exception {
        Pending p = pending.remove(id);
        if (p == null) {
            problem(exchange, 404, "Not Found", "unknown or used challenge");
            return;
        }
        p.challenge().verifyActivated(Base64.getDecoder().decode(body.get("secret").asString()));
        byte[] name = p.ak().name();
        if (reportOtherAkName) {
            name[2] ^= 1;
        }
        var answer = new java.util.HashMap<String, Object>();
        answer.put("hostUuid", UUID.nameUUIDFromBytes(p.hostId().getBytes(StandardCharsets.UTF_8)).toString());
        answer.put("hostId", p.hostId());
        answer.put("akName", HexFormat.of().formatHex(name));
        answer.put("natsCredentials", withoutNatsCredentials ? null : NATS_CREDS);
        json(exchange, 200, answer);
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(Map.of("type", "about:blank", "title", title, "status", status,
                "detail", detail));
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.trustedcompute.attestationmanager;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

/**
 * A local HTTP(S) server that stands in for HVS ({@code GET /hvs/v2/hosts?hostId=}, {@code POST /hvs/v2/flavors},
 * {@code POST /hvs/v2/reports}) and
 * AAS ({@code POST /aas/v1/token}) in tests, recording every request. It knows every host id except those
 * starting with {@value #UNREGISTERED}, under {@link #hvsHostUuid}. It pins the request shapes the manager sends
 * (those of api-specs/hvs.yaml), not HVS's behaviour.
 */
public final class HvsStub implements AutoCloseable {
    public static final String USERNAME = "am-service";
    public static final String PASSWORD = "am service password";
    public static final String UNREGISTERED = "unregistered-";

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile int hvsStatus = 201;
    private volatile Duration tokenLifetime = Duration.ofHours(2);
    private volatile String currentToken;

    private HvsStub(HttpServer server) {
        this.server = server;
    }

    public static HvsStub start() {
        return start(null);
    }

    /** Over HTTPS with a certificate from {@code pki}, as HVS and AAS serve CMS-issued certificates. */
    public static HvsStub startTls(TestPki pki) {
        return start(pki.serverTls());
    }

    private static HvsStub start(SSLContext tls) {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            HttpServer server;
            if (tls == null) {
                server = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
            HvsStub stub = new HvsStub(server);
            server.createContext("/aas/v1/token", stub::token);
            server.createContext("/hvs/v2/", stub::hvs);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Status HVS answers with from now on (e.g. 503 for an outage). */
    public void hvsAnswers(int status) {
        this.hvsStatus = status;
    }

    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /** Makes HVS refuse the tokens issued so far (as after an AAS key rotation). */
    public void revokeTokens() {
        currentToken = "revoked";
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void token(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!body.contains("\"username\":\"" + USERNAME + "\"") || !body.contains("\"password\":\"" + PASSWORD + "\"")) {
            respond(exchange, 401, "");
            return;
        }
        Instant now = Instant.now();
        String token = new PlainJWT(new JWTClaimsSet.Builder().subject(USERNAME).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(tokenLifetime))).build()).serialize();
        currentToken = token;
        tokensIssued.incrementAndGet();
        exchange.getResponseHeaders().add("Content-Type", "application/jwt");
        respond(exchange, 200, token);
    }

    private void hvs(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), authorization, body));
        if (authorization == null || !authorization.equals("Bearer " + currentToken)) {
            respond(exchange, 401, "{\"detail\":\"bad token\"}");
            return;
        }
        if (hvsStatus / 100 != 2) {
            respond(exchange, hvsStatus, "{\"detail\":\"HVS stub answers " + hvsStatus + "\"}");
        } else if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals("/hvs/v2/hosts")) {
            String query = exchange.getRequestURI().getQuery();
            String hostId = query != null && query.startsWith("hostId=") ? query.substring("hostId=".length()) : "";
            respond(exchange, 200, hostId.isEmpty() || hostId.startsWith(UNREGISTERED) ? "{\"hosts\":[]}"
                    : "{\"hosts\":[{\"id\":\"" + hvsHostUuid(hostId) + "\",\"hostId\":\"" + hostId + "\"}]}");
        } else {
            respond(exchange, 201, "{}");
        }
    }

    /** HVS's (the stub's) id of the host with this NATS host id. */
    public static String hvsHostUuid(String hostId) {
        return UUID.nameUUIDFromBytes(hostId.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public record Request(String method, String path, String authorization, String body) {
    }
}

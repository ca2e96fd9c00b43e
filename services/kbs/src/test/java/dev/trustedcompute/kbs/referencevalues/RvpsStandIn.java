package dev.trustedcompute.kbs.referencevalues;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RVPS and the AAS login it needs, over real loopback HTTP, for tests that run KBS with {@code tc.kbs.rvps.*}
 * configured: {@code POST /aas/v1/token} for the service account {@link #USERNAME}/{@link #PASSWORD} returns a token
 * from the test issuer; {@code POST /rvps/v1/reference-values/query} requires that token and answers RVPS's contract
 * (unexpired values only, names without values absent) from {@link #values()}. RVPS itself is tested in its module.
 */
public final class RvpsStandIn implements AutoCloseable {

    public static final String USERNAME = "kbs-service";
    public static final String PASSWORD = "kbs-service-password";

    private final JsonMapper json = JsonMapper.builder().build();
    private final InMemoryReferenceValues values;
    private final HttpServer server;
    private volatile String issued;

    private RvpsStandIn(TestTokenIssuer aas, Clock clock) throws IOException {
        this.values = new InMemoryReferenceValues(clock);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/aas/v1/token", exchange -> {
            JsonNode login = json.readTree(exchange.getRequestBody().readAllBytes());
            if (!USERNAME.equals(login.path("username").asString("")) || !PASSWORD.equals(login.path("password").asString(""))) {
                respond(exchange, 401, "{}");
                return;
            }
            issued = aas.token(USERNAME, Permission.of("RVPS", "reference_values:query"));
            respond(exchange, 200, issued);
        });
        server.createContext("/rvps/v1/reference-values/query", exchange -> {
            if (issued == null || !("Bearer " + issued).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{}");
                return;
            }
            Set<String> names = new LinkedHashSet<>();
            json.readTree(exchange.getRequestBody().readAllBytes()).path("names").forEach(n -> names.add(n.asString()));
            respond(exchange, 200, json.writeValueAsString(values.query(names)));
        });
        server.start();
    }

    public static RvpsStandIn start(TestTokenIssuer aas, Clock clock) {
        try {
            return new RvpsStandIn(aas, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Base URL of both RVPS and AAS ({@code tc.kbs.rvps.url}, {@code tc.kbs.rvps.aas-url}). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What RVPS holds. */
    public InMemoryReferenceValues values() {
        return values;
    }

    public void put(String name, Instant expiresAt, String... value) {
        values.put(name, expiresAt, value);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package dev.trustedcompute.attestationmanager;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that stands in for the Edge Infrastructure Manager's status endpoint
 * ({@code POST /eim/attestation-status}). It can be taken down (answers 503) and brought back; it records every
 * update it accepted, so tests can check exactly-once and per-node order.
 */
public final class InventoryStub implements AutoCloseable {
    public static final String TOKEN = "inventory-test-token";

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean down;

    private InventoryStub(HttpServer server) {
        this.server = server;
    }

    public static InventoryStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            InventoryStub stub = new InventoryStub(server);
            server.createContext("/eim/attestation-status", stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/eim";
    }

    public void down() {
        down = true;
    }

    public void up() {
        down = false;
    }

    /** Updates accepted (answered 204), in arrival order. */
    public List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    public List<JsonNode> accepted(String hostId) {
        return accepted.stream().filter(u -> u.get("hostId").asString().equals(hostId)).toList();
    }

    /** Attempts answered 503 while down. */
    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (down) {
            refused.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
        } else if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.sendResponseHeaders(401, -1);
        } else {
            JsonNode update = json.readTree(body);
            if (!update.get("eventId").asString().equals(exchange.getRequestHeaders().getFirst("Idempotency-Key"))) {
                exchange.sendResponseHeaders(400, -1);
            } else {
                accepted.add(update);
                exchange.sendResponseHeaders(204, -1);
            }
        }
        exchange.close();
    }
}

package dev.trustedcompute.trustagent.daemon;

import com.sun.net.httpserver.HttpServer;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET http://127.0.0.1:8448/health}: the daemon's state as JSON for a local liveness probe. Bound to
 * loopback only: the agent accepts no connection from the network.
 */
final class HealthServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    static HealthServer start(int port, Supplier<Map<String, Object>> health) throws AgentException {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/health", exchange -> {
                try (exchange) {
                    if (!exchange.getRequestMethod().equals("GET")) {
                        exchange.sendResponseHeaders(405, -1);
                        return;
                    }
                    byte[] body = JSON.writeValueAsBytes(health.get());
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
            return new HealthServer(server);
        } catch (IOException e) {
            throw new AgentException(Failure.BAD_INPUT, "cannot serve health on 127.0.0.1:" + port + ": " + e, e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

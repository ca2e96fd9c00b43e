package dev.trustedcompute.kbs.referencevalues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trustedcompute.testsupport.MutableClock;
import dev.trustedcompute.testsupport.Ports;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RVPS client over real HTTP against a local server this test controls, which stands in for both RVPS
 * ({@code /rvps/v1/reference-values[/query]}, the fixed contract) and AAS ({@code /aas/v1/token}). The stand-in
 * checks the bearer token and answers as the contract says: only unexpired values, names without values absent.
 */
class RvpsClientTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final TestTokenIssuer issuer = TestTokenIssuer.start();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<String> queryBodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private volatile String currentToken;
    private volatile int rvpsStatus = 200;
    /** While set, the query stand-in holds every request until the latch opens (a slow RVPS). */
    private volatile CountDownLatch slowRvps;
    private HttpServer server;
    private URI base;
    private RvpsClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/aas/v1/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!body.contains("\"username\":\"kbs\"") || !body.contains("\"password\":\"kbs-password\"")) {
                respond(exchange, 401, "{}");
                return;
            }
            logins.incrementAndGet();
            currentToken = issuer.token("kbs", Permission.of("RVPS", "reference_values:query", "reference_values:create"));
            respond(exchange, 200, currentToken);
        });
        server.createContext("/rvps/v1/reference-values/query", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            queryBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            CountDownLatch slow = slowRvps;
            if (slow != null) {
                try {
                    slow.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!("Bearer " + currentToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{}");
                return;
            }
            respond(exchange, rvpsStatus, "{\"tpm_pcr11\":[\"aa\",\"bb\"],\"svn\":[1]}");
        });
        server.createContext("/rvps/v1/reference-values", exchange -> {
            respond(exchange, 201, "{}");
        });
        server.setExecutor(Executors.newCachedThreadPool()); // slow requests must not hold up the others
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        client = client(base, Duration.ZERO);
    }

    /** A client whose answers are cached for {@code cacheTtl} (zero: every query reaches the stand-in). */
    private RvpsClient client(URI url, Duration cacheTtl) {
        HttpClient http = HttpClient.newHttpClient();
        AasTokenSource tokens = new AasTokenSource(http, url, "kbs", "kbs-password", Duration.ofSeconds(2), clock, json);
        return new RvpsClient(http, url, tokens, Duration.ofSeconds(2), json, cacheTtl, clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        issuer.close();
    }

    @Test
    void queryWhenNamesThenOneCallWithSortedNamesAndValuesAsStrings() {
        Map<String, List<String>> values = client.query(Set.of("tpm_pcr11", "trusted_aks", "svn"));

        assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of("tpm_pcr11", List.of("aa", "bb"), "svn", List.of("1")));
        assertThat(queryBodies).containsExactly("{\"names\":[\"svn\",\"tpm_pcr11\",\"trusted_aks\"]}");
        assertThat(authorizations.getFirst()).startsWith("Bearer ey");
    }

    @Test
    void queryWhenTokenStillValidThenReusedAndRenewedNearExpiry() {
        client.query(Set.of("svn"));
        client.query(Set.of("svn"));
        assertThat(logins).hasValue(1);

        clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        client.query(Set.of("svn"));

        assertThat(logins).hasValue(2);
    }

    @Test
    void queryWhenRvpsRejectsTokenThenLogsInAgainOnce() {
        client.query(Set.of("svn"));
        currentToken = "revoked";

        Map<String, List<String>> values = client.query(Set.of("svn"));

        assertThat(values).containsKey("svn");
        assertThat(logins).hasValue(2);
    }

    @Test
    void queryWhenNoNamesThenNoCall() {
        assertThat(client.query(Set.of())).isEmpty();
        assertThat(queryBodies).isEmpty();
    }

    @Test
    void queryWhenRvpsFailsOrIsDownThenUnavailable() {
        rvpsStatus = 503;
        assertThatThrownBy(() -> client.query(Set.of("svn"))).isInstanceOf(ReferenceValuesUnavailableException.class)
                .hasMessageContaining("503");

        RvpsClient down = client(URI.create("http://127.0.0.1:" + Ports.freePort()), Duration.ofSeconds(5));
        assertThatThrownBy(() -> down.query(Set.of("svn"))).isInstanceOf(ReferenceValuesUnavailableException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void queryWhenCachedThenOneCallPerNameSetUntilTheTtlRunsOut() {
        RvpsClient cached = client(base, Duration.ofSeconds(5));

        Map<String, List<String>> first = cached.query(Set.of("svn", "tpm_pcr11"));
        assertThat(cached.query(Set.of("tpm_pcr11", "svn"))).isEqualTo(first);
        cached.query(Set.of("svn"));
        assertThat(queryBodies).hasSize(2);

        clock.advance(Duration.ofSeconds(5));
        cached.query(Set.of("svn", "tpm_pcr11"));
        assertThat(queryBodies).hasSize(3);
    }

    @Test
    void queryWhenCachedAndValuesRegisteredThroughKbsThenAskedAgainAtOnce() {
        RvpsClient cached = client(base, Duration.ofSeconds(5));
        cached.query(Set.of("svn"));

        cached.register("{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"e30=\"}");
        cached.query(Set.of("svn"));

        assertThat(queryBodies).hasSize(2);
    }

    @Test
    void queryWhenCachedAndRvpsFailsThenFailureIsNotKept() {
        RvpsClient cached = client(base, Duration.ofSeconds(5));
        rvpsStatus = 503;
        assertThatThrownBy(() -> cached.query(Set.of("svn"))).isInstanceOf(ReferenceValuesUnavailableException.class);

        rvpsStatus = 200;

        assertThat(cached.query(Set.of("svn"))).containsKey("svn");
    }

    @Test
    void queryWhenCallersMissTogetherThenOneRvpsQueryServesThemAll() throws Exception {
        RvpsClient cached = client(base, Duration.ofSeconds(5));
        slowRvps = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map<String, List<String>>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(callers.submit(() -> cached.query(Set.of("svn"))));
            }
            awaitQueries(1);
            Thread.sleep(200); // the other seven arrive while the first query is held
            slowRvps.countDown();
            for (Future<Map<String, List<String>>> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).containsKey("svn");
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(queryBodies).hasSize(1);
    }

    @Test
    void queryWhenAnswerInTheLastFifthOfItsTimeThenServedAndRefreshedInTheBackground() throws Exception {
        RvpsClient cached = client(base, Duration.ofSeconds(5));
        cached.query(Set.of("svn"));
        clock.advance(Duration.ofMillis(4500));
        slowRvps = new CountDownLatch(1);

        // answered from the cache at once although the refresh it started is held by RVPS
        assertThat(cached.query(Set.of("svn"))).containsKey("svn");
        awaitQueries(2);
        assertThat(cached.query(Set.of("svn"))).containsKey("svn"); // no second refresh while one runs
        slowRvps.countDown();
        until(() -> !cached.queryUnderWay(Set.of("svn")), "the background refresh to finish");
        clock.advance(Duration.ofSeconds(1)); // past the first answer's time, within the refreshed one's

        assertThat(cached.query(Set.of("svn"))).containsKey("svn");
        assertThat(queryBodies).hasSize(2);
    }

    @Test
    void queryWhenValuesRegisteredWhileAQueryIsUnderWayThenItsAnswerIsNotKept() throws Exception {
        RvpsClient cached = client(base, Duration.ofSeconds(5));
        slowRvps = new CountDownLatch(1);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Map<String, List<String>>> before = caller.submit(() -> cached.query(Set.of("svn")));
            awaitQueries(1);
            cached.register("{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"e30=\"}");
            slowRvps.countDown();
            assertThat(before.get(10, TimeUnit.SECONDS)).containsKey("svn");
        } finally {
            caller.shutdownNow();
        }

        cached.query(Set.of("svn"));

        assertThat(queryBodies).hasSize(2);
    }

    private void awaitQueries(int count) throws InterruptedException {
        until(() -> queryBodies.size() >= count, count + " RVPS queries");
    }

    /** Polls {@code condition} for at most 10 s. */
    private static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 10 s for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void registerWhenMessageThenForwardedWithToken() {
        assertThat(client.register("{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\"e30=\"}").statusCode())
                .isEqualTo(201);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

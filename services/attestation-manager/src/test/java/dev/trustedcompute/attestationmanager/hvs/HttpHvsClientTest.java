package dev.trustedcompute.attestationmanager.hvs;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.attestationmanager.HvsStub;
import dev.trustedcompute.attestationmanager.TestPki;
import dev.trustedcompute.servicekit.identity.CmsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import dev.trustedcompute.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HVS client against {@link HvsStub}, a local HTTP server standing in for HVS and AAS. */
class HttpHvsClientTest {
    static final HvsStub stub = HvsStub.start();
    final JsonMapper json = JsonMapper.builder().build();
    final MutableClock clock = new MutableClock(Instant.now());
    HttpHvsClient client;

    @BeforeEach
    void client() {
        stub.clear();
        stub.hvsAnswers(201);
        stub.tokenLifetime(Duration.ofHours(2));
        client = client(HvsStub.PASSWORD);
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @Test
    void createFlavorsWhenFromEvidenceThenHostLookedUpAndItsHvsIdInTheBodyWithBearerToken() throws Exception {
        client.createFlavors(new FlavorRequest(HostId.of("edge-1"), List.of("PLATFORM", "OS"), List.of("automatic"), null));
        assertThat(stub.requests("/hvs/v2/hosts")).singleElement().satisfies(r -> assertThat(r.method()).isEqualTo("GET"));
        HvsStub.Request request = stub.requests("/hvs/v2/flavors").getFirst();
        assertThat(request.authorization()).startsWith("Bearer ey");
        JsonNode body = json.readTree(request.body());
        assertThat(body.get("host_id").asString()).isEqualTo(HvsStub.hvsHostUuid("edge-1"));
        assertThat(body.get("partial_flavor_types").toString()).isEqualTo("[\"PLATFORM\",\"OS\"]");
        assertThat(body.get("flavorgroup_names").toString()).isEqualTo("[\"automatic\"]");
        assertThat(body.has("flavor_collection")).isFalse();
    }

    @Test
    void createFlavorsWhenHvsDoesNotKnowTheHostThenHvsExceptionAndNoFlavorCall() {
        assertThatThrownBy(() -> client.createFlavors(new FlavorRequest(HostId.of(HvsStub.UNREGISTERED + "1"), List.of("OS"),
                List.of("automatic"), null))).isInstanceOf(HvsException.class).hasMessageContaining("has not onboarded with HVS");
        assertThat(stub.requests("/hvs/v2/flavors")).isEmpty();
    }

    @Test
    void createFlavorsWhenCollectionSuppliedThenImportedWithoutConnectionString() throws Exception {
        client.createFlavors(new FlavorRequest(HostId.of("edge-1"), List.of("PLATFORM"), List.of("edge"),
                Map.of("flavors", List.of(Map.of("flavor", Map.of("meta", Map.of("id", "f-1")))))));
        JsonNode body = json.readTree(stub.requests("/hvs/v2/flavors").getFirst().body());
        assertThat(body.has("host_id")).isFalse();
        assertThat(stub.requests("/hvs/v2/hosts")).isEmpty();
        assertThat(body.get("flavor_collection").get("flavors").get(0).get("flavor").get("meta").get("id").asString()).isEqualTo("f-1");
        assertThat(body.get("flavorgroup_names").toString()).isEqualTo("[\"edge\"]");
    }

    @Test
    void requestReportWhenCalledTwiceThenOneTokenAndHostIdBody() throws Exception {
        int before = stub.tokensIssued();
        client.requestReport(HostId.of("edge-1"));
        client.requestReport(HostId.of("edge-2"));
        assertThat(stub.tokensIssued()).isEqualTo(before + 1);
        assertThat(stub.requests("/hvs/v2/reports")).extracting(HvsStub.Request::body)
                .containsExactly("{\"hostId\":\"edge-1\"}", "{\"hostId\":\"edge-2\"}");
    }

    @Test
    void tokenWhenNearExpiryThenFetchedAgain() throws Exception {
        int before = stub.tokensIssued();
        client.requestReport(HostId.of("edge-1"));
        clock.advance(Duration.ofHours(2).minus(AasTokenSource.REFRESH_MARGIN).minusSeconds(1));
        client.requestReport(HostId.of("edge-1"));
        assertThat(stub.tokensIssued()).isEqualTo(before + 1);
        clock.advance(Duration.ofSeconds(2));
        client.requestReport(HostId.of("edge-1"));
        assertThat(stub.tokensIssued()).isEqualTo(before + 2);
    }

    @Test
    void postWhenHvsRefusesCachedTokenThenOneNewTokenAndRetry() throws Exception {
        client.requestReport(HostId.of("edge-1"));
        int before = stub.tokensIssued();
        stub.revokeTokens();
        client.requestReport(HostId.of("edge-1"));
        assertThat(stub.tokensIssued()).isEqualTo(before + 1);
        assertThat(stub.requests("/hvs/v2/reports")).hasSize(3);
    }

    @Test
    void postWhenHvsFailsThenHvsExceptionNamingStatus() {
        stub.hvsAnswers(503);
        assertThatThrownBy(() -> client.requestReport(HostId.of("edge-1"))).isInstanceOf(HvsException.class)
                .hasMessageContaining("HVS answered 503 to POST /hvs/v2/reports");
    }

    @Test
    void tokenWhenAasRefusesPasswordThenHvsExceptionWithoutThePassword() {
        HttpHvsClient wrong = client("not the password");
        assertThatThrownBy(() -> wrong.requestReport(HostId.of("edge-1"))).isInstanceOf(HvsException.class)
                .hasMessageContaining("AAS answered 401").hasMessageNotContaining("not the password");
        assertThat(stub.requests("/hvs/v2/reports")).isEmpty();
    }

    @Test
    void postWhenHvsUnreachableThenHvsException() {
        HttpClient http = HttpClient.newHttpClient();
        HttpHvsClient unreachable = new HttpHvsClient(URI.create("http://127.0.0.1:1"), new AasTokenSource(URI.create(stub.baseUrl()),
                HvsStub.USERNAME, HvsStub.PASSWORD, Duration.ofSeconds(5), http, json, clock), Duration.ofSeconds(5), http, json);
        assertThatThrownBy(() -> unreachable.requestReport(HostId.of("edge-1"))).isInstanceOf(HvsException.class)
                .hasMessageContaining("HVS unreachable");
    }

    @Test
    void postWhenHvsServesTlsUnderTheCmsRootThenTrustedAndUnderAnotherRootThenRefused() throws Exception {
        TestPki pki = TestPki.create();
        try (HvsStub tls = HvsStub.startTls(pki)) {
            URI base = URI.create(tls.baseUrl());
            HttpClient trusting = HttpClient.newBuilder().sslContext(CmsClient.trustOnly(pki.root())).build();
            new HttpHvsClient(base, new AasTokenSource(base, HvsStub.USERNAME, HvsStub.PASSWORD, Duration.ofSeconds(5),
                    trusting, json, clock), Duration.ofSeconds(5), trusting, json).requestReport(HostId.of("edge-1"));
            assertThat(tls.requests("/hvs/v2/reports")).hasSize(1);

            HttpClient foreign = HttpClient.newBuilder().sslContext(CmsClient.trustOnly(TestPki.foreign().root())).build();
            HttpHvsClient refused = new HttpHvsClient(base, new AasTokenSource(base, HvsStub.USERNAME, HvsStub.PASSWORD,
                    Duration.ofSeconds(5), foreign, json, clock), Duration.ofSeconds(5), foreign, json);
            assertThatThrownBy(() -> refused.requestReport(HostId.of("edge-1"))).isInstanceOf(HvsException.class)
                    .hasMessageContaining("AAS unreachable");
            assertThat(tls.requests("/hvs/v2/reports")).hasSize(1);
        }
    }

    private HttpHvsClient client(String password) {
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create(stub.baseUrl());
        return new HttpHvsClient(base, new AasTokenSource(base, HvsStub.USERNAME, password, Duration.ofSeconds(5), http, json, clock),
                Duration.ofSeconds(5), http, json);
    }
}

package dev.trustedcompute.hvs.flavor;

import static dev.trustedcompute.hvs.support.HvsApi.assertProblem;
import static dev.trustedcompute.hvs.support.HvsApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.hvs.HvsApplication;
import dev.trustedcompute.hvs.support.HvsApi;
import dev.trustedcompute.hvs.support.HvsTestEnvironment;
import dev.trustedcompute.hvs.support.TpmAgent;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.nats.OperatorNatsServer;
import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Flavors from a live host, end to end on real processes: an onboarded swtpm agent answers HVS's quote request over
 * NATS ({@code POST /flavors} naming the host goes through the real host connector), the flavors go into a group
 * whose template takes PCR 0 and 16, and reports on the next quotes are TRUSTED until PCR 16 changes.
 */
@SwtpmTest(ekCertificates = true)
@SpringBootTest(classes = HvsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tc.hvs.queue.refresh-check=1h", "tc.hvs.quote.timeout=5s"})
class FlavorsFromAgentSwtpmTest {

    static final HvsTestEnvironment ENV = new HvsTestEnvironment(FlavorsFromAgentSwtpmTest.class);
    static final OperatorNatsServer NATS = NatsServerFixture.startOperatorMode();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        ENV.register(r, NATS.url());
        r.add("tc.hvs.nats.account-signing-seed", NATS::accountSigningSeed);
        r.add("tc.hvs.nats.account-public-key", NATS::accountPublicKey);
    }

    @AfterAll
    static void stop() {
        ENV.aas.close();
        NATS.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    Subjects subjects;

    @Test
    void createWhenHostNamedThenFlavorsFromItsQuoteAndReportsTrustedUntilPcrChanges(Swtpm tpm) throws Exception {
        HvsApi api = new HvsApi(port);
        String admin = ENV.aas.token("admin", Permission.of("HVS", "*:*"));
        TpmAgent agent = new TpmAgent(tpm);
        for (String file : List.of("swtpm-localca-rootca-cert.pem", "issuercert.pem")) {
            json(api.post("/hvs/v2/endorsement-cas", "{\"certificate\":\"" + Files.readString(Swtpm.localCa().resolve(file))
                    .replace("\n", "\\n") + "\"}", admin), 201);
        }
        Map<String, Object> onboarded = onboard(api, admin, agent, "node-flavors", "ak-flavors");
        String hostUuid = (String) onboarded.get("hostUuid");
        String group = "swtpm-" + UUID.randomUUID();
        String groupId = (String) json(api.post("/hvs/v2/flavorgroups", "{\"name\":\"" + group + "\","
                + "\"flavor_match_policy_collection\":{\"flavor_match_policies\":[{\"flavor_part\":\"PLATFORM\","
                + "\"match_policy\":{\"match_type\":\"ANY_OF\",\"required\":\"REQUIRED\"}}]}}", admin), 201).get("id");
        json(api.post("/hvs/v2/flavor-templates", "{\"flavor_template\":{\"label\":\"swtpm-pcr0-16\",\"condition\":"
                + "[{\"field\":\"tpm_version\",\"one_of\":[\"2.0\"]}],\"flavor_parts\":{\"PLATFORM\":{\"pcr_rules\":["
                + "{\"pcr\":{\"index\":0,\"bank\":[\"SHA384\",\"SHA256\"]},\"pcr_matches\":true},"
                + "{\"pcr\":{\"index\":16,\"bank\":[\"SHA384\",\"SHA256\"]},\"pcr_matches\":true}]}}},"
                + "\"flavorgroup_names\":[\"" + group + "\"]}", admin), 201);
        json(api.send("PUT", "/hvs/v2/hosts/" + hostUuid, "{\"name\":\"node-flavors\",\"flavorGroupIds\":[\"" + groupId
                + "\"]}", admin), 200);
        HostId host = HostId.of("node-flavors");

        try (Connection nats = TpmAgent.connect(NATS.url(), (String) onboarded.get("natsCredentials"), host)) {
            agent.serveQuotes(nats, subjects, host, "ak-flavors");
            nats.flush(Duration.ofSeconds(5));

            Map<String, Object> created = json(api.post("/hvs/v2/flavors", "{\"host_id\":\"" + hostUuid
                    + "\",\"flavorgroup_names\":[\"" + group + "\"]}", admin), 201);
            assertThat(created.toString()).contains("flavor_part=PLATFORM", "index=16, bank=SHA256",
                    "measurement=" + HexFormat.of().formatHex(agent.pcrs("ak-flavors").get(16)));

            Map<String, Object> trusted = json(api.post("/hvs/v2/reports", "{\"hostId\":\"node-flavors\"}", admin), 201);
            assertThat(trusted).as(trusted.toString()).containsEntry("trusted", true);
            assertThat(trusted.get("trustReport").toString()).contains("PLATFORM=TRUSTED", "OVERALL=TRUSTED");

            agent.extendPcr16();
            Map<String, Object> untrusted = json(api.post("/hvs/v2/reports", "{\"hostId\":\"node-flavors\"}", admin), 201);
            assertThat(untrusted).containsEntry("trusted", false);
            assertThat(untrusted.get("trustReport").toString()).contains("PcrMatchesConstant", "PCR 16 (SHA256) is ");
        }
        assertProblem(api.post("/hvs/v2/flavors", "{\"host_id\":\"" + hostUuid + "\",\"flavorgroup_names\":[\"" + group
                + "\"]}", admin), 504, "agent-unreachable");
    }

    /** Challenge, real TPM2_ActivateCredential, answer (the onboarding contract). */
    private static Map<String, Object> onboard(HvsApi api, String admin, TpmAgent agent, String hostId, String ak) {
        agent.createAk(ak);
        Base64.Encoder b64 = Base64.getEncoder();
        Map<String, Object> challenge = json(api.post("/hvs/v2/onboarding/challenges", "{\"hostId\":\"" + hostId
                + "\",\"hostName\":\"" + hostId + "\",\"hardwareUuid\":\"" + UUID.randomUUID() + "\",\"ekPublic\":\""
                + b64.encodeToString(agent.ekPublic()) + "\",\"ekCertificate\":\"" + b64.encodeToString(agent.ekCertificate())
                + "\",\"akPublic\":\"" + b64.encodeToString(agent.akPublic(ak)) + "\"}", admin), 201);
        Swtpm.Result activated = agent.activate(ak, Base64.getDecoder().decode((String) challenge.get("credentialBlob")),
                Base64.getDecoder().decode((String) challenge.get("encryptedSecret")));
        assertThat(activated.ok()).as(activated.stderr()).isTrue();
        return json(api.post("/hvs/v2/onboarding/challenges/" + challenge.get("challengeId") + "/response",
                "{\"secret\":\"" + b64.encodeToString(agent.activatedSecret()) + "\"}", admin), 200);
    }
}

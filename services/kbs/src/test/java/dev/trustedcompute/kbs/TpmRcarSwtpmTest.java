package dev.trustedcompute.kbs;

import static dev.trustedcompute.kbs.Api.json;
import static dev.trustedcompute.kbs.KbsApiTest.assertTrustee;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.kbs.jwe.ClientSideJwe;
import dev.trustedcompute.kbs.referencevalues.RvpsStandIn;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.Tpm2ToolsPcrs;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole RCAR handshake with TPM evidence made at test time on a real swtpm, as guest-components' TPM attester
 * makes it: an RSA AK under the EK (tpm2-tools), a TPM2_Quote of all 24 SHA-256 PCRs whose qualifying data is the
 * first 32 bytes of SHA-384(RFC 8785 runtime data) for the session's nonce and the workload key, and Trustee's
 * {@code tpm} evidence JSON around it. The AK is registered in {@code trusted_aks} of an RVPS stand-in that KBS
 * reaches over HTTP with its service account, as configured in production. auth -> attest -> resource, the JWE decrypted with the workload's key as
 * the client does; then the negative twins: a quote for another nonce, evidence replayed into a new session, a
 * reused session, a tampered quote, an AK that is not trusted.
 */
@SwtpmTest
@SpringBootTest(classes = KbsApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tc.kbs.master-keys.k1=" + KbsApiTest.MASTER_KEY)
class TpmRcarSwtpmTest {

    static final TestTokenIssuer AAS = TestTokenIssuer.start();
    static final RvpsStandIn RVPS = RvpsStandIn.start(AAS, Clock.systemUTC());
    private static final HexFormat HEX = HexFormat.of();

    /** The trusted AK: base64 DER SubjectPublicKeyInfo, as {@code tpm2_readpublic -f der} writes it. */
    static String trustedAk;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PostgresDatabase db = PostgresDatabase.forTestClass(TpmRcarSwtpmTest.class);
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("tc.security.jwks-uri", AAS::jwksUri);
        registry.add("tc.kbs.rvps.url", RVPS::url);
        registry.add("tc.kbs.rvps.aas-url", RVPS::url);
        registry.add("tc.kbs.rvps.username", () -> RvpsStandIn.USERNAME);
        registry.add("tc.kbs.rvps.password", () -> RvpsStandIn.PASSWORD);
        // each test sets its own values in the stand-in; the answer cache (RvpsClientTest) would serve older ones
        registry.add("tc.kbs.rvps.cache-ttl", () -> "0s");
    }

    @BeforeAll
    static void createAks(Swtpm tpm) {
        tpm.tpm2("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
        tpm.flush();
        for (String ak : List.of("ak", "other_ak")) {
            tpm.tpm2("tpm2_createak", "-C", "ek.ctx", "-c", ak + ".ctx", "-G", "rsa", "-g", "sha256", "-s", "rsassa",
                    "-u", ak + ".pub", "-n", ak + ".name");
            tpm.flush();
            tpm.tpm2("tpm2_readpublic", "-c", ak + ".ctx", "-f", "der", "-o", ak + ".der");
            tpm.flush();
        }
        trustedAk = Base64.getEncoder().encodeToString(tpm.read("ak.der"));
    }

    @AfterAll
    static void stopAas() {
        RVPS.close();
        AAS.close();
    }

    @LocalServerPort
    int port;

    Api api;
    ECKey workloadKey;
    String pcr11;

    @BeforeEach
    void setUp(Swtpm tpm) throws Exception {
        api = new Api(port);
        workloadKey = new ECKeyGenerator(Curve.P_256).generate();
        // a measured "workload" in PCR 11, registered as the reference value the default policy checks
        byte[] measurement = new byte[32];
        new SecureRandom().nextBytes(measurement);
        tpm.tpm2("tpm2_pcrextend", "11:sha256=" + HEX.formatHex(measurement));
        pcr11 = HEX.formatHex(Tpm2ToolsPcrs.parseSerialized(quoteFiles(tpm, "ak", new byte[32], "pcr11")).getFirst().value(11));
        Instant inADay = Instant.now().plus(Duration.ofDays(1));
        RVPS.values().clear();
        RVPS.put("trusted_aks", inADay, trustedAk);
        RVPS.put("tpm_pcr11", inADay, pcr11);
    }

    @Test
    void rcarWhenFreshSwtpmQuoteForTheSessionThenAffirmingTokenAndSecretForTheWorkloadKey(Swtpm tpm) throws Exception {
        String path = "default/" + unique("key") + "/tpm";
        putResource(path, "released to a measured TPM workload");
        HttpResponse<String> auth = auth();
        String cookie = cookie(auth);
        String nonce = (String) json(auth).get("nonce");

        HttpResponse<String> attest = api.postJson("/kbs/v0/attest",
                RcarClient.attestation(nonce, workloadKey, tpmEvidence(tpm, "ak", nonce)), "Cookie", cookie);
        HttpResponse<String> resource = api.get("/kbs/v0/resource/" + path, "Cookie", cookie);

        assertThat(attest.statusCode()).as(attest.body()).isEqualTo(200);
        Map<String, Object> cpu0 = cpu0((String) json(attest).get("token"));
        assertThat(cpu0).containsEntry("ear.status", "affirming");
        @SuppressWarnings("unchecked")
        Map<String, Object> vector = (Map<String, Object>) cpu0.get("ear.trustworthiness-vector");
        assertThat(vector).containsEntry("hardware", 2L).containsEntry("executables", 3L);
        @SuppressWarnings("unchecked")
        Map<String, Object> tpmClaims = (Map<String, Object>) ((Map<String, Object>) cpu0
                .get("ear.veraison.annotated-evidence")).get("tpm");
        assertThat(tpmClaims).containsEntry("pcr11", pcr11).containsEntry("ak_public", trustedAk);
        assertThat(resource.statusCode()).as(resource.body()).isEqualTo(200);
        assertThat(new String(ClientSideJwe.decrypt(json(resource), workloadKey), StandardCharsets.UTF_8))
                .isEqualTo("released to a measured TPM workload");
    }

    @Test
    void attestWhenQuoteMadeForAnotherNonceThenRefused(Swtpm tpm) {
        HttpResponse<String> auth = auth();
        String nonce = (String) json(auth).get("nonce");
        String otherNonce = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));

        HttpResponse<String> attest = api.postJson("/kbs/v0/attest",
                RcarClient.attestation(nonce, workloadKey, tpmEvidence(tpm, "ak", otherNonce)), "Cookie", cookie(auth));

        assertTrustee(attest, 401, "AttestationError");
        assertThat((String) json(attest).get("detail")).contains("tpm evidence rejected");
    }

    @Test
    void attestWhenEvidenceReplayedIntoANewSessionThenRefused(Swtpm tpm) {
        HttpResponse<String> first = auth();
        String firstNonce = (String) json(first).get("nonce");
        String evidence = tpmEvidence(tpm, "ak", firstNonce);
        assertThat(api.postJson("/kbs/v0/attest", RcarClient.attestation(firstNonce, workloadKey, evidence),
                "Cookie", cookie(first)).statusCode()).isEqualTo(200);
        HttpResponse<String> second = auth();

        HttpResponse<String> asSent = api.postJson("/kbs/v0/attest",
                RcarClient.attestation(firstNonce, workloadKey, evidence), "Cookie", cookie(second));
        HttpResponse<String> withNewNonce = api.postJson("/kbs/v0/attest",
                RcarClient.attestation((String) json(auth()).get("nonce"), workloadKey, evidence), "Cookie", cookie(auth()));

        assertTrustee(asSent, 401, "AttestationError");
        assertThat((String) json(asSent).get("detail")).contains("nonce");
        assertTrustee(withNewNonce, 401, "AttestationError");
    }

    @Test
    void attestWhenSessionAlreadySpentByAFailedAttemptThenRefusedEvenWithGoodEvidence(Swtpm tpm) {
        HttpResponse<String> auth = auth();
        String nonce = (String) json(auth).get("nonce");
        String other = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        assertTrustee(api.postJson("/kbs/v0/attest", RcarClient.attestation(nonce, workloadKey,
                tpmEvidence(tpm, "ak", other)), "Cookie", cookie(auth)), 401, "AttestationError");

        HttpResponse<String> retry = api.postJson("/kbs/v0/attest",
                RcarClient.attestation(nonce, workloadKey, tpmEvidence(tpm, "ak", nonce)), "Cookie", cookie(auth));

        assertTrustee(retry, 401, "AttestationError");
        assertThat((String) json(retry).get("detail")).contains("already used");
    }

    @Test
    void attestWhenQuoteTamperedThenRefused(Swtpm tpm) throws Exception {
        HttpResponse<String> auth = auth();
        String nonce = (String) json(auth).get("nonce");
        Map<String, Object> evidence = com.nimbusds.jose.util.JSONObjectUtils.parse(tpmEvidence(tpm, "ak", nonce));
        @SuppressWarnings("unchecked")
        Map<String, Object> quote = (Map<String, Object>) evidence.get("tpm_quote");
        byte[] message = Base64.getDecoder().decode((String) quote.get("message"));
        message[message.length - 1] ^= 1; // the last byte of the PCR digest
        quote.put("message", Base64.getEncoder().encodeToString(message));

        HttpResponse<String> attest = api.postJson("/kbs/v0/attest", RcarClient.attestation(nonce, workloadKey,
                com.nimbusds.jose.util.JSONObjectUtils.toJSONString(evidence)), "Cookie", cookie(auth));

        assertTrustee(attest, 401, "AttestationError");
        assertThat((String) json(attest).get("detail")).contains("tpm evidence rejected");
    }

    @Test
    void attestWhenAkNotInTrustedAksThenRefused(Swtpm tpm) {
        HttpResponse<String> auth = auth();
        String nonce = (String) json(auth).get("nonce");

        HttpResponse<String> attest = api.postJson("/kbs/v0/attest",
                RcarClient.attestation(nonce, workloadKey, tpmEvidence(tpm, "other_ak", nonce)), "Cookie", cookie(auth));

        assertTrustee(attest, 401, "AttestationError");
        assertThat((String) json(attest).get("detail")).contains("trusted_aks");
    }

    @Test
    void attestationRouteWhenSwtpmEvidenceThenTokenReleasesTheSecretOverBearer(Swtpm tpm) throws Exception {
        String path = "default/" + unique("key") + "/curl";
        putResource(path, "over the curl routes");
        HttpResponse<String> challenge = api.postJson("/attestation", "{\"tee\":\"tpm\"}");
        String nonce = (String) json(challenge).get("nonce");

        HttpResponse<String> token = api.postJson("/attestation", "{\"tee\":\"tpm\","
                + RcarClient.attestation(nonce, workloadKey, tpmEvidence(tpm, "ak", nonce)).substring(1));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        HttpResponse<String> resource = api.get("/resource/" + path, "Authorization", "Bearer " + json(token).get("token"));

        assertThat(resource.statusCode()).as(resource.body()).isEqualTo(200);
        assertThat(new String(ClientSideJwe.decrypt(json(resource), workloadKey), StandardCharsets.UTF_8))
                .isEqualTo("over the curl routes");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /**
     * Trustee {@code tpm} evidence for the session {@code nonce} and the workload key, quoted by {@code ak}: what
     * guest-components' TPM attester sends ({@code attester/src/tpm}).
     */
    private String tpmEvidence(Swtpm tpm, String ak, String nonce) {
        byte[] extraData = Arrays.copyOf(RcarClient.runtimeDataDigest(nonce, workloadKey), 32);
        byte[] pcrFile = quoteFiles(tpm, ak, extraData, "q");
        PcrBank bank;
        try {
            bank = Tpm2ToolsPcrs.parseSerialized(pcrFile).getFirst();
        } catch (Exception e) {
            throw new IllegalStateException("tpm2_quote wrote unreadable PCRs", e);
        }
        String pcrs = bank.values().values().stream().map(v -> "\"" + HEX.formatHex(v) + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        return "{\"tpm_quote\":{\"signature\":\"" + Base64.getEncoder().encodeToString(tpm.read("q.sig"))
                + "\",\"message\":\"" + Base64.getEncoder().encodeToString(tpm.read("q.msg")) + "\",\"pcrs\":" + pcrs
                + "},\"ak_public\":\"" + Base64.getEncoder().encodeToString(tpm.read(ak + ".der")) + "\"}";
    }

    /** tpm2_quote of SHA-256 PCRs 0-23 with {@code extraData} into {@code <name>.msg/.sig/.pcrs}; the PCR file. */
    private static byte[] quoteFiles(Swtpm tpm, String ak, byte[] extraData, String name) {
        tpm.tpm2("tpm2_quote", "-c", ak + ".ctx", "-l", "sha256:all", "-q", HEX.formatHex(extraData),
                "-m", name + ".msg", "-s", name + ".sig", "-o", name + ".pcrs", "-g", "sha256", "--scheme", "rsassa");
        tpm.flush();
        return tpm.read(name + ".pcrs");
    }

    private HttpResponse<String> auth() {
        HttpResponse<String> response = api.postJson("/kbs/v0/auth", "{\"version\":\"0.4.0\",\"tee\":\"tpm\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static String cookie(HttpResponse<String> auth) {
        return "kbs-session-id=" + Api.sessionCookie(auth);
    }

    private void putResource(String path, String content) {
        String admin = AAS.token("kbs-admin", Permission.of("KBS", "resources:create"));
        HttpResponse<String> response = api.send("POST", "/kbs/v0/resource/" + path,
                content.getBytes(StandardCharsets.UTF_8), "application/octet-stream", "Authorization", "Bearer " + admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cpu0(String token) throws Exception {
        return (Map<String, Object>) ((Map<String, Object>) SignedJWT.parse(token).getPayload().toJSONObject()
                .get("submods")).get("cpu0");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

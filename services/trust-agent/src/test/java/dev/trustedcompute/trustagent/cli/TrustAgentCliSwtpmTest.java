package dev.trustedcompute.trustagent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.agentprotocol.Evidence;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.testsupport.Ports;
import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import dev.trustedcompute.tpmquote.EvidenceVerifiers;
import dev.trustedcompute.tpmquote.Expectations;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.RuntimeDataHash;
import dev.trustedcompute.tpmquote.Tee;
import dev.trustedcompute.tpmquote.TrusteeEvidence;
import dev.trustedcompute.tpmquote.TrusteeRuntimeData;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import dev.trustedcompute.trustagent.ak.AkManager;
import dev.trustedcompute.trustagent.state.AkRecord;
import dev.trustedcompute.trustagent.state.OnboardingRecord;
import dev.trustedcompute.trustagent.state.StateDirectory;
import dev.trustedcompute.trustagent.testing.FakeConfigfsTsm;
import dev.trustedcompute.trustagent.testing.TestHost;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.AkAlgorithm;
import dev.trustedcompute.trustagent.tpm.TpmEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI in-process against a real swtpm and a fixture host tree: what it prints is verified with libs/tpm-quote,
 * and every failure class ends in its documented exit code.
 */
@SwtpmTest
class TrustAgentCliSwtpmTest {

    private static final String AK_HANDLE = "0x81018010";
    private static final byte[] NONCE = "a verifier nonce of 32 bytes....".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_LOG = TestHost.evidence("eventlog-glinux-alex.bin");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path root;
    @TempDir
    static Path state;

    private static TestHost host;
    private static Swtpm swtpm;

    @BeforeAll
    static void onboardedAk(Swtpm tpm) throws Exception {
        swtpm = tpm;
        host = TestHost.ubuntu(root).file("/sys/kernel/security/tpm0/binary_bios_measurements", EVENT_LOG);
        new AkManager(agentTpm(), StateDirectory.open(state)).ensure(AkAlgorithm.RSA_2048, 0x81018010);
    }

    @AfterEach
    void noHandleLeftBehind() throws Exception {
        assertThat(agentTpm().transientHandles()).isEmpty();
    }

    private static AgentTpm agentTpm() throws Exception {
        return new AgentTpm(TpmEndpoint.parse(swtpm.tcti()));
    }

    private static CliRun run(Path stateDir, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", stateDir.toString(), "--tpm", swtpm.tcti(), "--ak-handle", AK_HANDLE,
                "--root", root.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static byte[] akPublic() throws Exception {
        return StateDirectory.open(state).readJson(AkRecord.FILE, AkRecord.class).orElseThrow().publicBytes();
    }

    private static PcrBank sha256(Map<String, Map<String, String>> pcrs) {
        SortedMap<Integer, byte[]> values = new TreeMap<>();
        pcrs.get("sha256").forEach((i, hex) -> values.put(Integer.parseInt(i), HexFormat.of().parseHex(hex)));
        return new PcrBank(TpmHash.SHA256, values);
    }

    @Test
    void quoteWhenAkExistsThenEvidenceVerifiesWithAkAndSha256OfNonce() throws Exception {
        CliRun run = run(state, "quote", "--nonce", Base64.getEncoder().encodeToString(NONCE), "--pcrs",
                "sha256:0,1,7");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Evidence evidence = ProtocolJson.decode(run.out().getBytes(StandardCharsets.UTF_8), Evidence.class);
        var quoted = AkPublic.parse(akPublic()).verify(
                TpmsAttest.parse(Base64.getDecoder().decode(evidence.quote().attest())),
                TpmtSignature.parse(Base64.getDecoder().decode(evidence.quote().signature())),
                sha256(evidence.quote().pcrs()), TpmHash.SHA256.digest(NONCE));
        assertThat(quoted.indices(TpmHash.SHA256)).containsExactly(0, 1, 7);
        assertThat(Base64.getDecoder().decode(evidence.eventLog())).isEqualTo(EVENT_LOG);
        assertThat(evidence.hostId()).isEqualTo("edge-node-7-lab-example");
        assertThat(evidence.hostInfo().hardwareUuid()).isEqualTo(TestHost.HARDWARE_UUID);
        assertThat(evidence.hostInfo().tees()).containsExactly("tpm");
    }

    @Test
    void quoteWhenVerifiedWithAnotherNonceThenNonceMismatch() throws Exception {
        CliRun run = run(state, "quote", "--nonce", Base64.getEncoder().encodeToString(NONCE), "--no-event-log");
        Evidence evidence = ProtocolJson.decode(run.out().getBytes(StandardCharsets.UTF_8), Evidence.class);

        assertThat(evidence.eventLog()).isNull();
        assertThatThrownBy(() -> AkPublic.parse(akPublic()).verify(
                TpmsAttest.parse(Base64.getDecoder().decode(evidence.quote().attest())),
                TpmtSignature.parse(Base64.getDecoder().decode(evidence.quote().signature())),
                sha256(evidence.quote().pcrs()), NONCE))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NONCE_MISMATCH));
    }

    @Test
    void quoteWhenNoAkCreatedThenExit6NamingOnboard(@TempDir Path fresh) {
        CliRun run = run(fresh, "quote", "--nonce", Base64.getEncoder().encodeToString(NONCE));

        assertThat(run.exitCode()).isEqualTo(6);
        assertThat(run.err()).contains("trust-agent onboard");
    }

    @Test
    void quoteWhenNonceShorterThan16BytesThenExit2() {
        CliRun run = run(state, "quote", "--nonce", Base64.getEncoder().encodeToString(new byte[8]));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--nonce").contains("16 bytes");
    }

    @Test
    void quoteWhenPcrSelectionMalformedThenExit2() {
        CliRun run = run(state, "quote", "--nonce", Base64.getEncoder().encodeToString(NONCE), "--pcrs", "sha3:1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown PCR bank 'sha3'");
    }

    @Test
    void quoteWhenTpmUnreachableThenExit3() {
        CliRun run = CliRun.of("quote", "--nonce", Base64.getEncoder().encodeToString(NONCE), "--state-dir",
                state.toString(), "--tpm", "swtpm:host=127.0.0.1,port=" + Ports.freePort(), "--root", root.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("TPM");
    }

    @Test
    void evidenceTpmWhenNonceThenTrusteeShapeVerifiesWithAkPublicOf24Pcrs() throws Exception {
        CliRun run = run(state, "evidence", "--tee", "tpm", "--nonce", Base64.getEncoder().encodeToString(NONCE));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        byte[] spki = Base64.getDecoder().decode(json.get("ak_public").asString());
        List<String> pcrs = new ArrayList<>();
        json.get("tpm_quote").get("pcrs").forEach(p -> pcrs.add(p.asString()));
        assertThat(pcrs).hasSize(24).allSatisfy(p -> assertThat(p).matches("[0-9a-f]{64}"));
        SortedMap<Integer, byte[]> values = new TreeMap<>();
        for (int i = 0; i < 24; i++) {
            values.put(i, HexFormat.of().parseHex(pcrs.get(i)));
        }
        AkPublic.fromSubjectPublicKeyInfo(spki).verify(
                TpmsAttest.parse(Base64.getDecoder().decode(json.get("tpm_quote").get("message").asString())),
                TpmtSignature.parse(Base64.getDecoder().decode(json.get("tpm_quote").get("signature").asString())),
                new PcrBank(TpmHash.SHA256, values), TpmHash.SHA256.digest(NONCE));
    }

    @Test
    void evidenceTpmWhenSha384ReportDataThenExtraDataIsItsFirst32Bytes() throws Exception {
        byte[] reportData = TpmHash.SHA384.digest(NONCE);

        CliRun run = run(state, "evidence", "--tee", "tpm", "--report-data",
                Base64.getEncoder().encodeToString(reportData));

        assertThat(run.exitCode()).as(run.err()).isZero();
        byte[] message = Base64.getDecoder().decode(JSON.readTree(run.out()).get("tpm_quote").get("message").asString());
        assertThat(TpmsAttest.parse(message).extraData()).isEqualTo(Arrays.copyOf(reportData, 32));
    }

    @Test
    void evidenceTpmWhenKbsChallengeThenTheKbsVerifierAcceptsItForThatNonceOnly(@TempDir Path keys) throws Exception {
        byte[] jwk = ("{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ECDH-ES+A256KW\","
                + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}").getBytes(StandardCharsets.UTF_8);
        Path jwkFile = Files.write(keys.resolve("tee-pubkey.json"), jwk);
        String nonce = "kbs-challenge-nonce-0123456789abcdef";

        CliRun run = run(state, "evidence", "--tee", "tpm", "--kbs-nonce", nonce, "--tee-pubkey", jwkFile.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        var evidence = TrusteeEvidence.parse(Tee.TPM, run.out().getBytes(StandardCharsets.UTF_8));
        AkPublic ak = AkPublic.fromSubjectPublicKeyInfo(Base64.getDecoder().decode(
                JSON.readTree(run.out()).get("ak_public").asString()));
        var claims = EvidenceVerifiers.verify(evidence, Expectations.at(Instant.now()).trustedAk(ak)
                .reportData(TrusteeRuntimeData.expected(RuntimeDataHash.SHA384,
                        TrusteeRuntimeData.primary(nonce, jwk, ""))).build());
        assertThat(claims).isNotNull();
        assertThatThrownBy(() -> EvidenceVerifiers.verify(evidence, Expectations.at(Instant.now()).trustedAk(ak)
                .reportData(TrusteeRuntimeData.expected(RuntimeDataHash.SHA384,
                        TrusteeRuntimeData.primary(nonce + "x", jwk, ""))).build()))
                .isInstanceOfSatisfying(dev.trustedcompute.tpmquote.VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NONCE_MISMATCH));
    }

    @Test
    void evidenceWhenKbsNonceWithoutTeePubkeyThenExit2() {
        CliRun run = run(state, "evidence", "--tee", "tpm", "--kbs-nonce", "n");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--tee-pubkey");
    }

    @Test
    void evidenceWhenReportDataOfOddLengthThenExit2() {
        CliRun run = run(state, "evidence", "--tee", "tpm", "--report-data",
                Base64.getEncoder().encodeToString(new byte[40]));

        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void evidenceTdxWhenConfigfsHasQuoteThenQuoteAndCcel(@TempDir Path tdxRoot) throws Exception {
        TestHost tdx = TestHost.empty(tdxRoot).file("/sys/firmware/acpi/tables/data/CCEL",
                TestHost.evidence("ccel-ovmf.bin"));
        FakeConfigfsTsm.install(tdx, "tdx_guest", TestHost.evidence("tdx-quote-cos113.dat"));

        // the captured quote's report data is 64 zero bytes: pass 32 zero bytes, padded to 64 as Trustee does
        CliRun run = CliRun.of("evidence", "--tee", "tdx", "--report-data",
                Base64.getEncoder().encodeToString(new byte[32]), "--state-dir", state.toString(), "--root",
                tdxRoot.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(Base64.getDecoder().decode(json.get("quote").asString()))
                .isEqualTo(Arrays.copyOf(TestHost.evidence("tdx-quote-cos113.dat"), 4935));
        assertThat(Base64.getDecoder().decode(json.get("cc_eventlog").asString()))
                .isEqualTo(TestHost.evidence("ccel-ovmf.bin"));
    }

    @Test
    void evidenceTdxWhenNoTdxHardwareThenExit4() {
        CliRun run = run(state, "evidence", "--tee", "tdx", "--nonce", Base64.getEncoder().encodeToString(NONCE));

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("not a TDX guest");
    }

    @Test
    void evidenceWhenTeeAzSnpVtpmThenExit2NamingWhatIsSupported() {
        CliRun run = run(state, "evidence", "--tee", "az-snp-vtpm", "--nonce",
                Base64.getEncoder().encodeToString(NONCE));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("tpm, tdx, snp");
    }

    @Test
    void evidenceSnpWhenNoSnpHardwareThenExit4() {
        CliRun run = run(state, "evidence", "--tee", "snp", "--nonce", Base64.getEncoder().encodeToString(NONCE));

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("not an SEV-SNP guest");
    }

    @Test
    void statusWhenAkButNotOnboardedThenExit6WithAkInJson() throws Exception {
        CliRun run = run(state, "status");

        assertThat(run.exitCode()).isEqualTo(6);
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("ak").get("handle").asString()).isEqualTo(AK_HANDLE);
        assertThat(json.get("onboarding").isNull()).isTrue();
        assertThat(json.get("tees").get(0).asString()).isEqualTo("tpm");
    }

    @Test
    void statusWhenOnboardedThenExit0(@TempDir Path onboarded) throws Exception {
        StateDirectory dir = StateDirectory.open(onboarded);
        Files.copy(state.resolve(AkRecord.FILE), onboarded.resolve(AkRecord.FILE));
        dir.writeJson(OnboardingRecord.FILE, new OnboardingRecord("edge-7", "0b7d3c3e-1f7c-4c55-9c43-3e6a2f5d8a10",
                "000b00", "http://127.0.0.1:8443", Instant.parse("2025-01-01T00:00:00Z"), false));

        CliRun run = run(onboarded, "status");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(JSON.readTree(run.out()).get("onboarding").get("hostId").asString()).isEqualTo("edge-7");
    }

    @Test
    void helpWhenAskedThenListsExitCodes() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Exit codes:").contains("6   not onboarded");
    }
}

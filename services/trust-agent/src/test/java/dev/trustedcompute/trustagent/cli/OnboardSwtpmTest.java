package dev.trustedcompute.trustagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.testsupport.Ports;
import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import dev.trustedcompute.tpmquote.tpm.TpmtPublic;
import dev.trustedcompute.trustagent.state.AkRecord;
import dev.trustedcompute.trustagent.state.OnboardingRecord;
import dev.trustedcompute.trustagent.state.StateDirectory;
import dev.trustedcompute.trustagent.testing.StandInHvs;
import dev.trustedcompute.trustagent.testing.TestHost;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.TpmEndpoint;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trust-agent onboard} against a swtpm manufactured with an EK certificate and a stand-in for HVS's
 * onboarding endpoints ({@link StandInHvs}: real MakeCredential from libs/tpm-quote); the end-to-end run with the
 * real HVS is part of the platform tests.
 */
@SwtpmTest(ekCertificates = true)
class OnboardSwtpmTest {

    private static final String AK_HANDLE = "0x81018020";

    @TempDir
    static Path root;
    @TempDir
    Path state;
    @TempDir
    static Path secrets;

    private static StandInHvs hvs;
    private static Path tokenFile;
    private static Swtpm swtpm;

    @BeforeAll
    static void start(Swtpm tpm) throws Exception {
        swtpm = tpm;
        TestHost.ubuntu(root);
        hvs = StandInHvs.start();
        tokenFile = Files.writeString(secrets.resolve("token"), StandInHvs.TOKEN + "\n");
    }

    @AfterAll
    static void stop() {
        hvs.close();
    }

    @BeforeEach
    void wellBehaved() {
        hvs.credentialForOtherAk = false;
        hvs.reportOtherAkName = false;
        hvs.withoutNatsCredentials = false;
    }

    @AfterEach
    void noHandleLeftBehind() throws Exception {
        assertThat(new AgentTpm(TpmEndpoint.parse(swtpm.tcti())).transientHandles()).isEmpty();
    }

    private CliRun onboard(Path stateDir, String hvsUrl, Path token, String... extra) {
        List<String> args = new ArrayList<>(List.of("onboard", "--hvs", hvsUrl, "--token-file", token.toString(),
                "--state-dir", stateDir.toString(), "--tpm", swtpm.tcti(), "--ak-handle", AK_HANDLE, "--root",
                root.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void onboardWhenHvsActivatesThenRecordAndNatsCredentialsStoredOwnerOnly() throws Exception {
        CliRun run = onboard(state, hvs.url(), tokenFile, "--host-id", "edge-7");

        assertThat(run.exitCode()).as(run.err()).isZero();
        OnboardingRecord record = StateDirectory.open(state).readJson(OnboardingRecord.FILE, OnboardingRecord.class)
                .orElseThrow();
        byte[] akPublic = StateDirectory.open(state).readJson(AkRecord.FILE, AkRecord.class).orElseThrow()
                .publicBytes();
        assertThat(record.hostId()).isEqualTo("edge-7");
        assertThat(record.akName()).isEqualTo(HexFormat.of().formatHex(TpmtPublic.parse(akPublic).name()));
        assertThat(record.natsCredentials()).isTrue();
        Path creds = state.resolve(OnboardingRecord.NATS_CREDENTIALS_FILE);
        assertThat(Files.readString(creds)).isEqualTo(StandInHvs.NATS_CREDS);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        assertThat(CliRun.of("status", "--state-dir", state.toString(), "--tpm", swtpm.tcti(), "--ak-handle",
                AK_HANDLE, "--root", root.toString()).exitCode()).isZero();
    }

    @Test
    void onboardWhenTpmHasEkCertificateThenHvsReceivesTheCertificateOfTheEk() throws Exception {
        assertThat(onboard(state, hvs.url(), tokenFile).exitCode()).isZero();

        var request = hvs.lastChallengeRequest();
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(request.get("ekCertificate").asString())));
        TpmtPublic ek = TpmtPublic.parse(Base64.getDecoder().decode(request.get("ekPublic").asString()));
        assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus())
                .isEqualTo(((RSAPublicKey) ek.publicKey()).getModulus());
        assertThat(request.get("hardwareUuid").asString()).isEqualTo(TestHost.HARDWARE_UUID);
        assertThat(request.get("hostName").asString()).isEqualTo("edge-node-7.lab.example");
    }

    @Test
    void onboardWhenRunAgainThenTheSameAkIsKept() throws Exception {
        assertThat(onboard(state, hvs.url(), tokenFile).exitCode()).isZero();
        String first = Files.readString(state.resolve(AkRecord.FILE));

        CliRun again = onboard(state, hvs.url(), tokenFile);

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Files.readString(state.resolve(AkRecord.FILE))).isEqualTo(first);
    }

    @Test
    void onboardWhenHvsIssuesNoNatsCredentialsThenOldOnesRemoved() throws Exception {
        assertThat(onboard(state, hvs.url(), tokenFile).exitCode()).isZero();
        hvs.withoutNatsCredentials = true;

        assertThat(onboard(state, hvs.url(), tokenFile).exitCode()).isZero();

        assertThat(state.resolve(OnboardingRecord.NATS_CREDENTIALS_FILE)).doesNotExist();
    }

    @Test
    void onboardWhenTokenRejectedThenExit5AndNothingRecorded() throws Exception {
        Path wrong = Files.writeString(secrets.resolve("wrong"), "not-the-token");

        CliRun run = onboard(state, hvs.url(), wrong);

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.err()).contains("401").contains("token").doesNotContain("not-the-token");
        assertThat(state.resolve(OnboardingRecord.FILE)).doesNotExist();
    }

    @Test
    void onboardWhenCredentialMadeForAnotherAkThenTpmRefusesExit3() {
        hvs.credentialForOtherAk = true;

        CliRun run = onboard(state, hvs.url(), tokenFile);

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("refused HVS's credential");
        assertThat(state.resolve(OnboardingRecord.FILE)).doesNotExist();
    }

    @Test
    void onboardWhenHvsPinsAnotherAkNameThenExit5() {
        hvs.reportOtherAkName = true;

        CliRun run = onboard(state, hvs.url(), tokenFile);

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.err()).contains("pinned AK");
        assertThat(state.resolve(OnboardingRecord.FILE)).doesNotExist();
    }

    @Test
    void onboardWhenHvsUnreachableThenExit5() {
        CliRun run = onboard(state, "http://127.0.0.1:" + Ports.freePort(), tokenFile);

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.err()).contains("cannot reach HVS");
    }

    @Test
    void onboardWhenTokenFileEmptyThenExit2() throws Exception {
        Path empty = Files.writeString(secrets.resolve("empty"), "\n", StandardCharsets.UTF_8);

        assertThat(onboard(state, hvs.url(), empty).exitCode()).isEqualTo(2);
    }
}

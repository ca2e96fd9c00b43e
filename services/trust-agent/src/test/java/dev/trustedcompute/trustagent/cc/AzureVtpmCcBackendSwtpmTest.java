package dev.trustedcompute.trustagent.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.ak.AkManager;
import dev.trustedcompute.trustagent.evidence.EventLogSource;
import dev.trustedcompute.trustagent.state.StateDirectory;
import dev.trustedcompute.trustagent.tee.AzureHclReportCollector;
import dev.trustedcompute.trustagent.tee.HclReport;
import dev.trustedcompute.trustagent.testing.TestHost;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.AkAlgorithm;
import dev.trustedcompute.trustagent.tpm.TpmEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure vTPM backend on a real swtpm standing in for the vTPM: the test defines the paravisor's NV indices and
 * writes a captured SNP HCL report (Azure DCasv5, see the test resources' provenance) into 0x01400001. swtpm cannot
 * regenerate that report, so the test checks what the agent controls: the quote by its AK binds nonce and user
 * data, the report carries the HCL report read after the quote's bound data was written to 0x01400002, and
 * measurements are the vTPM's PCRs. (The captured report's runtime claims name Azure's AK, not swtpm's.)
 */
@SwtpmTest
class AzureVtpmCcBackendSwtpmTest {

    private static final byte[] HCL_SNP = TestHost.evidence("hcl-report-snp.bin");
    private static final int AK_HANDLE = 0x81018001;

    @TempDir
    Path dir;

    private AgentTpm tpm;
    private AkManager akManager;
    private TpmCcBackend vtpm;

    @BeforeEach
    void setUp(Swtpm swtpm) throws Exception {
        swtpm.tpm2Result("tpm2_nvundefine", "0x01400001", "-C", "o");
        swtpm.tpm2Result("tpm2_nvundefine", "0x01400002", "-C", "o");
        tpm = new AgentTpm(TpmEndpoint.parse(swtpm.tcti()));
        akManager = new AkManager(tpm, StateDirectory.open(dir.resolve("state")));
        Path log = Files.write(dir.resolve("log.bin"), TestHost.evidence("eventlog-glinux-alex.bin"));
        vtpm = new TpmCcBackend(tpm, akManager, new EventLogSource(log));
    }

    private static void defineParavisorIndices(Swtpm swtpm) {
        swtpm.tpm2("tpm2_nvdefine", "0x01400001", "-C", "o", "-s", "2048", "-a", "ownerread|ownerwrite|authread");
        swtpm.write("hcl.bin", HCL_SNP);
        swtpm.tpm2("tpm2_nvwrite", "0x01400001", "-C", "o", "-i", "hcl.bin");
        swtpm.tpm2("tpm2_nvdefine", "0x01400002", "-C", "o", "-s", "64", "-a", "ownerread|ownerwrite");
    }

    @Test
    void reportWhenHclReportPresentThenQuoteBindsNonceAndHclReportWasRefreshedWithTheBoundData(Swtpm swtpm)
            throws Exception {
        defineParavisorIndices(swtpm);
        akManager.ensure(AkAlgorithm.RSA_2048, AK_HANDLE);
        CcTrustedApi api = new CcTrustedApi(AzureVtpmCcBackend.open(vtpm, new AzureHclReportCollector(tpm)));
        byte[] nonce = "azure-cc-nonce-1".getBytes(StandardCharsets.US_ASCII);
        byte[] userData = "workload".getBytes(StandardCharsets.US_ASCII);

        CcReport report = api.report(nonce, userData);

        Base64.Decoder b64 = Base64.getDecoder();
        TreeMap<Integer, byte[]> values = new TreeMap<>();
        report.pcrs().get("sha256").forEach((i, hex) -> values.put(i, HexFormat.of().parseHex(hex)));
        byte[] bound = TpmHash.SHA256.digest(nonce, userData);
        AkPublic.parse(b64.decode(report.akPublic())).verify(TpmsAttest.parse(b64.decode(report.quote())),
                TpmtSignature.parse(b64.decode(report.signature())), new PcrBank(TpmHash.SHA256, values), bound);
        assertThat(api.ccType()).isEqualTo("az-snp-vtpm");
        assertThat(report.ccType()).isEqualTo("az-snp-vtpm");
        assertThat(report.boundData()).isEqualTo(HexFormat.of().formatHex(bound));
        assertThat(b64.decode(report.hclReport())).isEqualTo(HCL_SNP);
        assertThat(HclReport.parse(b64.decode(report.hclReport())).type()).isEqualTo(HclReport.Type.SNP);
        swtpm.tpm2("tpm2_nvread", "0x01400002", "-C", "o", "-s", "32", "-o", "user.bin");
        assertThat(swtpm.read("user.bin")).as("user data the paravisor refreshes the report with").isEqualTo(bound);
    }

    @Test
    void measurementWhenPcrExtendedThenTheVtpmsValue(Swtpm swtpm) throws Exception {
        defineParavisorIndices(swtpm);
        swtpm.tpm2("tpm2_pcrextend", "16:sha256=" + "cd".repeat(32));
        CcTrustedApi azure = new CcTrustedApi(AzureVtpmCcBackend.open(vtpm, new AzureHclReportCollector(tpm)));
        CcTrustedApi plain = new CcTrustedApi(vtpm);

        assertThat(azure.measurementCount()).isEqualTo(24);
        assertThat(azure.defaultAlgorithm()).isEqualTo("sha256");
        assertThat(azure.measurement(16, Optional.empty())).isEqualTo(plain.measurement(16, Optional.empty()));
        assertThat(azure.measurement(16, Optional.empty()).digest()).isNotEqualTo("00".repeat(32));
        assertThat(azure.eventLog(0, Optional.of(3))).isEqualTo(plain.eventLog(0, Optional.of(3)));
    }

    @Test
    void openWhenNoHclReportThenUnavailableNamingTheIndex() {
        assertThatThrownBy(() -> AzureVtpmCcBackend.open(vtpm, new AzureHclReportCollector(tpm)))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.TEE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("0x1400001", "not an Azure confidential VM");
                });
    }

    @Test
    void reportWhenUserDataIndexMissingThenUnavailableAndNoPartialReport(Swtpm swtpm) throws Exception {
        defineParavisorIndices(swtpm);
        akManager.ensure(AkAlgorithm.RSA_2048, AK_HANDLE);
        CcTrustedApi api = new CcTrustedApi(AzureVtpmCcBackend.open(vtpm, new AzureHclReportCollector(tpm)));
        swtpm.tpm2("tpm2_nvundefine", "0x01400002", "-C", "o");

        assertThatThrownBy(() -> api.report(Arrays.copyOf(new byte[] {1}, 16), new byte[0]))
                .isInstanceOfSatisfying(CcException.class, e -> {
                    assertThat(e.error()).isEqualTo(CcError.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("0x1400002");
                });
    }
}

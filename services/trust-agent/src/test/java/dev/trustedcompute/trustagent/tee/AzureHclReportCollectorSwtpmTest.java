package dev.trustedcompute.trustagent.tee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.testing.TestHost;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.TpmEndpoint;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure HCL report read from a real (software) TPM's NV index 0x01400001, into which the test writes a
 * captured SNP HCL report (2048 bytes, swtpm's largest NV index; the TDX capture is 2600 bytes and is covered by
 * {@link HclReportTest} only).
 */
@SwtpmTest
class AzureHclReportCollectorSwtpmTest {

    private static final byte[] HCL_SNP = TestHost.evidence("hcl-report-snp.bin");

    private AgentTpm tpm;

    @BeforeEach
    void clean(Swtpm swtpm) throws AgentException {
        tpm = new AgentTpm(TpmEndpoint.parse(swtpm.tcti()));
        swtpm.tpm2Result("tpm2_nvundefine", "0x01400001", "-C", "o");
        swtpm.tpm2Result("tpm2_nvundefine", "0x01400002", "-C", "o");
    }

    @AfterEach
    void noHandleLeftBehind() throws AgentException {
        assertThat(tpm.transientHandles()).isEmpty();
    }

    private static void defineReport(Swtpm swtpm) {
        swtpm.tpm2("tpm2_nvdefine", "0x01400001", "-C", "o", "-s", "2048", "-a", "ownerread|ownerwrite|authread");
        swtpm.write("hcl.bin", HCL_SNP);
        swtpm.tpm2("tpm2_nvwrite", "0x01400001", "-C", "o", "-i", "hcl.bin");
    }

    @Test
    void collectWhenReportIndexHoldsHclReportThenItsBytes(Swtpm swtpm) throws Exception {
        defineReport(swtpm);

        byte[] report = new AzureHclReportCollector(tpm).collect(Optional.empty());

        assertThat(report).isEqualTo(HCL_SNP);
        assertThat(HclReport.parse(report).type()).isEqualTo(HclReport.Type.SNP);
    }

    @Test
    void collectWhenUserDataGivenThenWrittenToUserDataIndexFirst(Swtpm swtpm) throws Exception {
        defineReport(swtpm);
        swtpm.tpm2("tpm2_nvdefine", "0x01400002", "-C", "o", "-s", "64", "-a", "ownerread|ownerwrite");
        byte[] userData = new byte[64];
        userData[0] = 0x5a;
        userData[63] = 0x7e;

        new AzureHclReportCollector(tpm).collect(Optional.of(userData));

        swtpm.tpm2("tpm2_nvread", "0x01400002", "-C", "o", "-s", "64", "-o", "user.bin");
        assertThat(swtpm.read("user.bin")).isEqualTo(userData);
    }

    @Test
    void collectWhenNoReportIndexThenTeeUnavailableNamingTheIndex() {
        assertThatThrownBy(() -> new AzureHclReportCollector(tpm).collect(Optional.empty()))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.TEE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("0x1400001").contains("not an Azure confidential VM");
                });
    }

    @Test
    void collectWhenIndexHoldsSomethingElseThenRefused(Swtpm swtpm) {
        swtpm.tpm2("tpm2_nvdefine", "0x01400001", "-C", "o", "-s", "2048", "-a", "ownerread|ownerwrite");
        swtpm.write("zero.bin", new byte[2048]);
        swtpm.tpm2("tpm2_nvwrite", "0x01400001", "-C", "o", "-i", "zero.bin");

        assertThatThrownBy(() -> new AzureHclReportCollector(tpm).collect(Optional.empty()))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.getMessage()).contains("HCLA"));
    }

    @Test
    void detectWhenHclReportInTpmThenTpmAndAzSnpVtpm(Swtpm swtpm, @TempDir Path root) {
        defineReport(swtpm);

        assertThat(new TeeDetector(TestHost.empty(root).paths(), tpm).detect())
                .containsExactly(Tee.TPM, Tee.AZ_SNP_VTPM);
    }

    @Test
    void detectWhenPlainTpmAndTdxDeviceThenTpmAndTdx(@TempDir Path root) {
        TestHost host = TestHost.empty(root).file("/dev/tdx_guest", "");

        assertThat(new TeeDetector(host.paths(), tpm).detect()).containsExactly(Tee.TPM, Tee.TDX);
    }
}

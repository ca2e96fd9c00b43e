package dev.trustedcompute.trustagent.tee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.testing.FakeConfigfsTsm;
import dev.trustedcompute.trustagent.testing.TestHost;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SEV-SNP collection through configfs-tsm with a captured Milan report (Trustee's test-report.bin). */
class SnpCollectorTest {

    private static final byte[] REPORT = TestHost.evidence("snp-report-milan.bin");
    private static final byte[] REPORT_DATA = Arrays.copyOf(HexFormat.of()
            .parseHex("ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed08c14400ad7e2"), 64);

    @TempDir
    Path root;

    @Test
    void reportWhenConfigfsReturnsReportForOurDataThenReportAndNoCertificates() throws Exception {
        TestHost host = TestHost.empty(root).file("/dev/sev-guest", "");
        FakeConfigfsTsm tsm = FakeConfigfsTsm.install(host, "sev_guest", REPORT);

        SnpCollector.SnpEvidence evidence = new SnpCollector(host.paths()).report(REPORT_DATA);

        assertThat(evidence.report()).isEqualTo(REPORT);
        assertThat(evidence.certificates()).isEmpty();
        assertThat(tsm.inblob()).isEqualTo(REPORT_DATA);
    }

    @Test
    void reportWhenHostProvidesCertificateTableThenReturnedAsIs() throws Exception {
        TestHost host = TestHost.empty(root);
        FakeConfigfsTsm.install(host, "sev_guest", REPORT);
        byte[] table = HexFormat.of().parseHex("63da758d e664 4564 adc5 f4b93be8accd".replace(" ", ""));
        host.file("/sys/kernel/config/tsm/report/trust-agent/auxblob", table);

        assertThat(new SnpCollector(host.paths()).report(REPORT_DATA).certificates())
                .hasValueSatisfying(c -> assertThat(c).isEqualTo(table));
    }

    @Test
    void reportWhenReportCarriesOtherDataThenRefusedAsStale() {
        TestHost host = TestHost.empty(root);
        FakeConfigfsTsm.install(host, "sev_guest", REPORT);

        assertThatThrownBy(() -> new SnpCollector(host.paths()).report(new byte[64]))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.TEE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("stale");
                });
    }

    @Test
    void reportWhenOutblobTruncatedThenRefused() {
        TestHost host = TestHost.empty(root);
        FakeConfigfsTsm.install(host, "sev_guest", Arrays.copyOf(REPORT, 1000));

        assertThatThrownBy(() -> new SnpCollector(host.paths()).report(REPORT_DATA))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.getMessage()).contains("no SNP report"));
    }

    @Test
    void reportWhenNoSnpHardwareThenClearMessage() {
        assertThatThrownBy(() -> new SnpCollector(TestHost.empty(root).paths()).report(REPORT_DATA))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.TEE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("not an SEV-SNP guest").contains("sev-guest");
                });
    }

    @Test
    void reportWhenSevGuestDeviceWithoutConfigfsTsmThenNamesTheKernelRequirement() {
        TestHost host = TestHost.empty(root).file("/dev/sev-guest", "");

        assertThatThrownBy(() -> new SnpCollector(host.paths()).report(REPORT_DATA))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.getMessage()).contains("Linux 6.7"));
    }
}

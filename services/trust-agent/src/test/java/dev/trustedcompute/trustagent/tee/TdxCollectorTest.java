package dev.trustedcompute.trustagent.tee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.testing.FakeConfigfsTsm;
import dev.trustedcompute.trustagent.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TDX collection through configfs-tsm, with a captured COS-113 TD quote (report_data = 64 zero bytes) in a fixture
 * configfs entry; there is no TDX hardware on the test machines.
 */
class TdxCollectorTest {

    private static final byte[] QUOTE = TestHost.evidence("tdx-quote-cos113.dat");

    @TempDir
    Path root;

    @Test
    void quoteWhenConfigfsReturnsQuoteForOurReportDataThenQuoteReturnedAndInblobWritten() throws Exception {
        TestHost host = TestHost.empty(root).file("/dev/tdx_guest", "");
        FakeConfigfsTsm tsm = FakeConfigfsTsm.install(host, "tdx_guest", QUOTE);

        byte[] quote = new TdxCollector(host.paths()).quote(new byte[64]);

        // the captured 8000-byte buffer holds a 4935-byte quote and zero padding
        assertThat(quote).isEqualTo(java.util.Arrays.copyOf(QUOTE, 4935));
        assertThat(TdxQuote.parse(quote).body().reportData()).isEqualTo(new byte[64]);
        assertThat(tsm.inblob()).isEqualTo(new byte[64]);
    }

    @Test
    void quoteWhenBytesAfterTheQuoteAreNotZeroPaddingThenRefused() {
        byte[] padded = QUOTE.clone();
        padded[padded.length - 1] = 1;
        TestHost host = TestHost.empty(root);
        FakeConfigfsTsm.install(host, "tdx_guest", padded);

        assertThatThrownBy(() -> new TdxCollector(host.paths()).quote(new byte[64]))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.getMessage()).contains("zero padding"));
    }

    @Test
    void quoteWhenConfigfsQuoteCarriesOtherReportDataThenRefusedAsStale() {
        TestHost host = TestHost.empty(root);
        FakeConfigfsTsm.install(host, "tdx_guest", QUOTE);
        byte[] reportData = new byte[64];
        reportData[0] = 1;

        assertThatThrownBy(() -> new TdxCollector(host.paths()).quote(reportData))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.TEE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("stale");
                });
    }

    @Test
    void quoteWhenProviderIsSevGuestThenRefused() {
        TestHost host = TestHost.empty(root);
        FakeConfigfsTsm.install(host, "sev_guest", QUOTE);

        assertThatThrownBy(() -> new TdxCollector(host.paths()).quote(new byte[64]))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.getMessage()).contains("sev_guest"));
    }

    @Test
    void quoteWhenOutblobIsNoQuoteThenRefused() {
        TestHost host = TestHost.empty(root);
        FakeConfigfsTsm.install(host, "tdx_guest", new byte[100]);

        assertThatThrownBy(() -> new TdxCollector(host.paths()).quote(new byte[64]))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.TEE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("no TDX quote");
                });
    }

    @Test
    void quoteWhenNoTdxHardwareThenClearMessage() {
        TestHost host = TestHost.empty(root);

        assertThatThrownBy(() -> new TdxCollector(host.paths()).quote(new byte[64]))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.TEE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("not a TDX guest").contains("tdx_guest").contains("tsm/report");
                });
    }

    @Test
    void quoteWhenTdxDeviceWithoutConfigfsTsmThenNamesTheKernelRequirement() {
        TestHost host = TestHost.empty(root).file("/dev/tdx_guest", "");

        assertThatThrownBy(() -> new TdxCollector(host.paths()).quote(new byte[64]))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.getMessage()).contains("Linux 6.7"));
    }

    @Test
    void quoteWhenReportDataNot64BytesThenBadInput() {
        TestHost host = TestHost.empty(root);
        FakeConfigfsTsm.install(host, "tdx_guest", QUOTE);

        assertThatThrownBy(() -> new TdxCollector(host.paths()).quote(new byte[48]))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BAD_INPUT));
    }

    @Test
    void eventLogWhenCcelPublishedThenItsBytes() throws Exception {
        byte[] ccel = TestHost.evidence("ccel-ovmf.bin");
        TestHost host = TestHost.empty(root).file("/sys/firmware/acpi/tables/data/CCEL", ccel);

        assertThat(new TdxCollector(host.paths()).eventLog()).hasValueSatisfying(b -> assertThat(b).isEqualTo(ccel));
    }

    @Test
    void eventLogWhenNoCcelThenEmpty() throws Exception {
        assertThat(new TdxCollector(TestHost.empty(root).paths()).eventLog()).isEmpty();
    }
}

package dev.trustedcompute.trustagent.cc;

import dev.trustedcompute.trustagent.testing.FakeConfigfsTsm;
import dev.trustedcompute.trustagent.testing.TestHost;
import java.nio.file.Path;

/**
 * A TDX guest built as a fixture tree: the captured COS-113 CCEL (table + data) in ACPI and a configfs-tsm entry
 * whose outblob is that TD's captured quote (report_data = 64 zero bytes). There is no TDX hardware here.
 */
final class CcTestNodes {

    static final byte[] QUOTE = TestHost.evidence("tdx-quote-cos113.dat");
    static final byte[] CCEL_TABLE = TestHost.evidence("cc/ccel-cos113-table.dat");
    static final byte[] CCEL_DATA = TestHost.evidence("cc/ccel-cos113-data.dat");
    /** Offset of report_data in a v4 TD quote: 48-byte header + 520 into the TD report body. */
    static final int REPORT_DATA_OFFSET = 48 + 520;

    private CcTestNodes() {
    }

    static TestHost tdxGuest(Path root) {
        TestHost host = TestHost.empty(root).file("/dev/tdx_guest", "")
                .file("/sys/firmware/acpi/tables/CCEL", CCEL_TABLE)
                .file("/sys/firmware/acpi/tables/data/CCEL", CCEL_DATA);
        FakeConfigfsTsm.install(host, "tdx_guest", QUOTE);
        return host;
    }

    /**
     * The captured quote with {@code reportData} patched in, as configfs-tsm would answer for that report data (its
     * signature no longer verifies; the backend only checks the binding).
     */
    static byte[] quoteFor(byte[] reportData) {
        byte[] quote = QUOTE.clone();
        System.arraycopy(reportData, 0, quote, REPORT_DATA_OFFSET, reportData.length);
        return quote;
    }
}

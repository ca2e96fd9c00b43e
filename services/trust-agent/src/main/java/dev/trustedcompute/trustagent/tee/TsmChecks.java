package dev.trustedcompute.trustagent.tee;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.util.Arrays;
import java.util.HexFormat;

/** Checks shared by the configfs-tsm collectors (TDX, SNP). */
final class TsmChecks {

    static final int REPORT_DATA = 64;

    private TsmChecks() {
    }

    static void reportData(byte[] reportData) throws AgentException {
        if (reportData.length != REPORT_DATA) {
            throw new AgentException(Failure.BAD_INPUT, "report data must be exactly " + REPORT_DATA
                    + " bytes, not " + reportData.length);
        }
    }

    static void provider(ConfigfsTsm.Report report, String expected) throws AgentException {
        if (!report.provider().equals(expected)) {
            throw new AgentException(Failure.TEE_UNAVAILABLE, "configfs-tsm provider is '" + report.provider()
                    + "', not " + expected);
        }
    }

    static void bound(String what, byte[] actual, byte[] expected) throws AgentException {
        if (!Arrays.equals(actual, expected)) {
            throw new AgentException(Failure.TEE_UNAVAILABLE, what + " from configfs-tsm carries report data "
                    + HexFormat.of().formatHex(actual) + ", not the " + HexFormat.of().formatHex(expected)
                    + " written (a stale or foreign report)");
        }
    }
}

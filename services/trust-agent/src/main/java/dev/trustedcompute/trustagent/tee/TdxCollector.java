package dev.trustedcompute.trustagent.tee;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.hostinfo.SystemPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Optional;

/**
 * TDX evidence of this guest: a TD quote with the caller's 64-byte report data (through configfs-tsm, provider
 * {@code tdx_guest}) and the CC event log (CCEL) the firmware left in ACPI.
 */
public final class TdxCollector {

    private final SystemPaths paths;
    private final ConfigfsTsm tsm;

    public TdxCollector(SystemPaths paths) {
        this.paths = paths;
        this.tsm = new ConfigfsTsm(paths.tsmReports());
    }

    /**
     * A TD quote whose report_data is {@code reportData} (exactly 64 bytes), checked before it is returned, without
     * any zero padding the provider appended.
     */
    public byte[] quote(byte[] reportData) throws AgentException {
        TsmChecks.reportData(reportData);
        if (!tsm.available()) {
            throw new AgentException(Failure.TEE_UNAVAILABLE, Files.exists(paths.tdxGuestDevice())
                    ? "this TD guest has " + paths.tdxGuestDevice() + " but no configfs-tsm at " + paths.tsmReports()
                      + ": the agent needs Linux 6.7+ with configfs mounted (quotes through the QGS ioctl are not used)"
                    : "not a TDX guest: neither " + paths.tdxGuestDevice() + " nor " + paths.tsmReports() + " exists");
        }
        ConfigfsTsm.Report report = tsm.generate(reportData);
        TsmChecks.provider(report, "tdx_guest");
        TdxQuote quote;
        try {
            quote = TdxQuote.parseFromBuffer(report.outblob());
        } catch (EvidenceFormatException e) {
            throw new AgentException(Failure.TEE_UNAVAILABLE, "configfs-tsm returned no TDX quote: " + e.getMessage(), e);
        }
        TsmChecks.bound("TDX quote", quote.body().reportData(), reportData);
        // some quote providers hand back a fixed-size buffer: the quote is what precedes the zero padding
        int length = report.outblob().length - quote.trailingBytes();
        for (int i = length; i < report.outblob().length; i++) {
            if (report.outblob()[i] != 0) {
                throw new AgentException(Failure.TEE_UNAVAILABLE, "configfs-tsm returned " + quote.trailingBytes()
                        + " bytes after the TDX quote that are not zero padding");
            }
        }
        return Arrays.copyOf(report.outblob(), length);
    }

    /** The CCEL data area, or empty when the firmware published none. */
    public Optional<byte[]> eventLog() throws AgentException {
        try {
            return Optional.of(Files.readAllBytes(paths.ccelData()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AgentException(Failure.LOCAL_STATE, "cannot read " + paths.ccelData() + ": " + e, e);
        }
    }
}

package dev.trustedcompute.trustagent.cc;

import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.ccel.CcEventLog;
import dev.trustedcompute.tpmquote.ccel.CcMeasurementRegister;
import dev.trustedcompute.tpmquote.ccel.CcelTable;
import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import dev.trustedcompute.tpmquote.tdx.TdReportBody;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.hostinfo.SystemPaths;
import dev.trustedcompute.trustagent.tee.TdxCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A TDX guest: MRTD and RTMR0..3 (CC MR index 0..4, SHA-384), the CCEL event log from ACPI
 * ({@code /sys/firmware/acpi/tables/CCEL} locates it, {@code .../data/CCEL} holds it) and TD quotes through
 * configfs-tsm ({@link TdxCollector}). Registers are read from a TD quote generated with all-zero report data:
 * configfs-tsm offers no TDREPORT without a quote, and the zero report data marks such a quote as no report.
 */
public final class TdxCcBackend implements CcBackend {

    private static final int REGISTERS = 5;

    private final SystemPaths paths;
    private final TdxCollector tdx;

    public TdxCcBackend(SystemPaths paths) {
        this.paths = paths;
        this.tdx = new TdxCollector(paths);
    }

    @Override
    public String ccType() {
        return "tdx";
    }

    @Override
    public DigestAlgorithm defaultAlgorithm() {
        return DigestAlgorithm.SHA384;
    }

    @Override
    public Set<DigestAlgorithm> algorithms() {
        return Set.of(DigestAlgorithm.SHA384);
    }

    @Override
    public int measurementCount() {
        return REGISTERS;
    }

    /** MRTD is measured by the TDX module when the TD is built, never extended at run time. */
    @Override
    public boolean replays(long index) {
        return index >= CcMeasurementRegister.RTMR0.ccMrIndex() && index < REGISTERS;
    }

    @Override
    public CcMeasurement measurement(int index, DigestAlgorithm algorithm) throws CcException {
        TdReportBody body = quoteBody(tdx(new byte[64]));
        byte[] value = index == CcMeasurementRegister.MRTD.ccMrIndex() ? body.mrTd()
                : body.rtmrs().get(CcMeasurementRegister.fromCcMrIndex(index).orElseThrow().rtmrIndex());
        return new CcMeasurement(index, algorithm.name(), HexFormat.of().formatHex(value));
    }

    @Override
    public List<TcgEvent> events() throws CcException {
        try {
            CcelTable table = CcelTable.parse(read(paths.ccelTable()));
            if (table.ccType() != CcelTable.CC_TYPE_TDX) {
                throw new CcException(CcError.UNAVAILABLE, paths.ccelTable() + " is a CCEL of CC type "
                        + table.ccType() + ", not TDX (" + CcelTable.CC_TYPE_TDX + ")");
            }
            return CcEventLog.parse(read(paths.ccelData())).unverifiedEvents();
        } catch (EvidenceFormatException e) {
            throw new CcException(CcError.UNAVAILABLE, "the CCEL at " + paths.ccelTable() + " / " + paths.ccelData()
                    + " does not parse: " + e.getMessage(), e);
        }
    }

    @Override
    public CcReport report(byte[] nonce, byte[] userData) throws CcException {
        byte[] reportData = TpmHash.SHA512.digest(nonce, userData);
        byte[] quote = tdx(reportData);
        return new CcReport(ccType(), Base64.getEncoder().encodeToString(quote), null, null, null,
                HexFormat.of().formatHex(reportData), null);
    }

    private byte[] tdx(byte[] reportData) throws CcException {
        try {
            return tdx.quote(reportData);
        } catch (AgentException e) {
            throw CcException.from(e);
        }
    }

    private static TdReportBody quoteBody(byte[] quote) throws CcException {
        try {
            return TdxQuote.parseFromBuffer(quote).body();
        } catch (EvidenceFormatException e) {
            throw new CcException(CcError.INTERNAL, "configfs-tsm returned a TD quote that does not parse: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file) throws CcException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CcException(CcError.UNAVAILABLE, "no CC event log: " + file + " does not exist", e);
        } catch (IOException e) {
            throw new CcException(CcError.UNAVAILABLE, "cannot read " + file + ": " + e, e);
        }
    }
}

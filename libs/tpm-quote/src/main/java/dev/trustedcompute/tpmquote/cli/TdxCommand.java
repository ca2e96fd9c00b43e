package dev.trustedcompute.tpmquote.cli;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.tdx.ReportDataExpectation;
import dev.trustedcompute.tpmquote.tdx.TcbStatus;
import dev.trustedcompute.tpmquote.tdx.TdReportBody;
import dev.trustedcompute.tpmquote.tdx.TdxCollateral;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.tpmquote.tdx.TdxVerificationPolicy;
import dev.trustedcompute.tpmquote.tdx.TdxVerifier;
import dev.trustedcompute.tpmquote.tdx.VerifiedTdxQuote;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tdx --quote F [--collateral F | --tcb-info F --qe-identity F --issuer-chain F] [--at ISO-8601]}: verifies a
 * TDX quote against the bundled Intel SGX Root CA, and its TCB status when collateral is given
 * ({@code "tcbStatus": null} without). A quote buffer with bytes after the quote is accepted and the count
 * reported ({@code trailingBytes}).
 */
@Command(name = "tdx", description = "Verify an Intel TDX quote (PCK chain, QE report, signature, TCB status).")
final class TdxCommand extends JsonCommand {

    @Option(names = "--quote", required = true, description = "TDX quote v4/v5 (or a buffer starting with one)")
    Path quote;

    @ArgGroup(exclusive = true)
    Collateral collateral;

    @Option(names = "--at", description = "verification time, ISO-8601 (default: now)")
    String at;

    @Option(names = "--report-data", description = "expected REPORTDATA, 64 bytes hex")
    String reportData;

    @Option(names = "--allow-expired-collateral", description = "accept collateral outside its validity (reported)")
    boolean allowExpired;

    /** {@code --collateral F | --tcb-info F --qe-identity F --issuer-chain F}; also used by {@code azure}. */
    static final class Collateral {
        @Option(names = "--collateral", required = true, description = "collateral bundle JSON (see README)")
        Path bundle;

        @ArgGroup(exclusive = false)
        Pcs pcs;

        /** The collateral of {@code group}, empty when no collateral option was given. */
        static Optional<TdxCollateral> load(Collateral group) throws IOException, EvidenceFormatException {
            if (group == null) {
                return Optional.empty();
            }
            if (group.bundle != null) {
                return Optional.of(TdxCollateral.fromBundleJson(read(group.bundle)));
            }
            return Optional.of(TdxCollateral.fromPcsResponses(read(group.pcs.tcbInfo), read(group.pcs.qeIdentity),
                    read(group.pcs.issuerChain)));
        }
    }

    static final class Pcs {
        @Option(names = "--tcb-info", required = true, description = "Intel PCS TCB Info response body")
        Path tcbInfo;

        @Option(names = "--qe-identity", required = true, description = "Intel PCS QE identity response body")
        Path qeIdentity;

        @Option(names = "--issuer-chain", required = true, description = "TCB Signing certificate + Root CA, PEM")
        Path issuerChain;
    }

    @Override
    Map<String, Object> run() throws IOException, EvidenceFormatException {
        TdxQuote parsed = TdxQuote.parseFromBuffer(read(quote));
        Optional<TdxCollateral> tcb = Collateral.load(collateral);
        ReportDataExpectation expected;
        if (reportData == null) {
            expected = ReportDataExpectation.notChecked("no --report-data given");
        } else {
            byte[] value = hexOption(reportData, "--report-data");
            if (value.length != 64) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--report-data: REPORTDATA is 64 bytes, got " + value.length);
            }
            expected = ReportDataExpectation.exactly(value);
        }
        TdxVerificationPolicy policy = allowExpired
                ? TdxVerificationPolicy.defaults().allowingExpiredCollateral("--allow-expired-collateral")
                : TdxVerificationPolicy.defaults();
        TdxVerifier verifier = TdxVerifier.withIntelRoot(policy);
        Instant when = at(at);
        TdReportBody body = parsed.body();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", (long) parsed.version());
        json.put("mrTd", hex(body.mrTd()));
        json.put("rtmr", body.rtmrs().stream().map(JsonCommand::hex).toList());
        json.put("reportData", hex(body.reportData()));
        if (parsed.trailingBytes() > 0) {
            json.put("trailingBytes", (long) parsed.trailingBytes());
        }
        json.put("tcbStatus", null);
        try {
            VerifiedTdxQuote verified = tcb.isPresent() ? verifier.verify(parsed, tcb.get(), expected, when)
                    : verifier.verifyWithoutCollateral(parsed, expected, when);
            json.put("tcbStatus", verified.tcbStatus().map(TcbStatus::pcsName).orElse(null));
            json.put("uncheckedItems", verified.uncheckedItems());
            json.put("valid", true);
        } catch (VerificationException e) {
            failed(json, e);
        }
        return json;
    }
}

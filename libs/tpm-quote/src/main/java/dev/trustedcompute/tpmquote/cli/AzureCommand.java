package dev.trustedcompute.tpmquote.cli;

import dev.trustedcompute.tpmquote.AzSnpVtpmEvidence;
import dev.trustedcompute.tpmquote.AzTdxVtpmEvidence;
import dev.trustedcompute.tpmquote.AzureVtpmEvidence;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.azure.AzureExpectations;
import dev.trustedcompute.tpmquote.azure.AzureVtpmVerifier;
import dev.trustedcompute.tpmquote.azure.TrusteeAzureEvidence;
import dev.trustedcompute.tpmquote.azure.VerifiedAzureVtpm;
import dev.trustedcompute.tpmquote.azure.VerifiedHardware;
import dev.trustedcompute.tpmquote.azure.VmConfiguration;
import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.snp.TcbLevels;
import dev.trustedcompute.tpmquote.tdx.TcbStatus;
import dev.trustedcompute.tpmquote.tdx.TdReportBody;
import dev.trustedcompute.tpmquote.tdx.TdxVerificationPolicy;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code azure --evidence F [--tee T] [--nonce HEX] [--at ISO-8601] [--vcek F [--chain F]] [TDX collateral]}:
 * verifies Trustee's az-snp-vtpm or az-tdx-vtpm evidence JSON (any version; the TEE is told by its members unless
 * {@code --tee} names it): hardware report, runtime-data binding, vTPM quote with the HCL's AK. Without
 * {@code --nonce} the quote's nonce is printed but not compared ({@code "nonceChecked": false}); without TDX
 * collateral the TD quote's TCB status is not evaluated ({@code "tcbStatus": null}). Values are printed as the
 * evidence carries them, also when it does not verify.
 */
@Command(name = "azure", description = "Verify Azure vTPM evidence (Trustee az-snp-vtpm / az-tdx-vtpm JSON).")
final class AzureCommand extends JsonCommand {

    @Option(names = "--evidence", required = true, description = "Trustee evidence JSON (az-snp-vtpm or az-tdx-vtpm)")
    Path evidence;

    @Option(names = "--tee", description = "az-snp-vtpm or az-tdx-vtpm (default: told by the evidence's members)")
    String tee;

    @Option(names = "--nonce", description = "expected vTPM quote nonce (extraData), hex")
    String nonce;

    @Option(names = "--at", description = "verification time, ISO-8601 (default: now)")
    String at;

    @ArgGroup(exclusive = false)
    Certificates certificates;

    @ArgGroup(exclusive = true)
    TdxCommand.Collateral collateral;

    @Option(names = "--allow-expired-collateral", description = "accept TDX collateral outside its validity (reported)")
    boolean allowExpired;

    static final class Certificates {
        @Option(names = "--vcek", required = true, description = "SEV-SNP: VCEK/VLEK to use instead of the evidence's")
        Path vcek;

        @Option(names = "--chain", description = "SEV-SNP: ASK/ASVK and ARK, PEM")
        Path chain;
    }

    @Override
    Map<String, Object> run() throws IOException, EvidenceFormatException {
        AzureVtpmEvidence parsed = parse(read(evidence));
        AzureExpectations.Builder expected = AzureExpectations.at(at(at));
        if (nonce == null) {
            expected.noNonce("no --nonce given");
        } else {
            byte[] value = hexOption(nonce, "--nonce");
            if (value.length == 0 || value.length > AzureExpectations.MAX_NONCE) {
                throw new ParameterException(spec.commandLine(), "--nonce: 1-" + AzureExpectations.MAX_NONCE
                        + " bytes, got " + value.length);
            }
            expected.nonce(value);
        }
        if (certificates != null) {
            expected.snpCertificates(certificates.chain == null ? SnpCertificates.of(read(certificates.vcek))
                    : SnpCertificates.of(read(certificates.vcek), read(certificates.chain)));
        }
        TdxCommand.Collateral.load(collateral).ifPresent(expected::tdxCollateral);
        TdxVerificationPolicy policy = allowExpired
                ? TdxVerificationPolicy.defaults().allowingExpiredCollateral("--allow-expired-collateral")
                : TdxVerificationPolicy.defaults();
        Map<String, Object> json = described(parsed);
        json.put("nonceChecked", nonce != null);
        try {
            VerifiedAzureVtpm verified = AzureVtpmVerifier.withPinnedRoots(policy).verify(parsed, expected.build());
            switch (verified.hardware()) {
                case VerifiedHardware.Snp snp -> {
                    TcbLevels tcb = snp.report().reportedTcb();
                    json.put("reportedTcb", Map.of("bl", (long) tcb.bootloader(), "tee", (long) tcb.tee(),
                            "snp", (long) tcb.snp(), "microcode", (long) tcb.microcode()));
                    json.put("product", snp.report().product().amdName());
                }
                case VerifiedHardware.Tdx tdx -> json.put("tcbStatus",
                        tdx.quote().tcbStatus().map(TcbStatus::pcsName).orElse(null));
            }
            json.put("uncheckedItems", verified.uncheckedItems());
            json.put("valid", true);
        } catch (VerificationException e) {
            failed(json, e);
        }
        return json;
    }

    private AzureVtpmEvidence parse(byte[] json) throws EvidenceFormatException {
        if (tee == null) {
            return TrusteeAzureEvidence.parse(json);
        }
        return switch (tee) {
            case "az-snp-vtpm" -> TrusteeAzureEvidence.parseSnp(json);
            case "az-tdx-vtpm" -> TrusteeAzureEvidence.parseTdx(json);
            default -> throw new ParameterException(spec.commandLine(),
                    "--tee: az-snp-vtpm or az-tdx-vtpm, not " + tee);
        };
    }

    /** What the evidence says, before anything is verified. */
    private static Map<String, Object> described(AzureVtpmEvidence evidence) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tee", evidence.tee().trusteeName());
        json.put("version", (long) evidence.version());
        json.put("nonce", hex(evidence.tpmQuote().nonce()));
        PcrBank pcrs = evidence.tpmQuote().pcrs();
        Map<String, Object> values = new TreeMap<>();
        pcrs.values().forEach((index, value) -> values.put(Integer.toString(index), hex(value)));
        json.put("pcrs", Map.of(pcrs.hash().label(), values));
        evidence.hclReport().runtimeData().vmConfiguration().ifPresent(c -> json.put("vmConfiguration", config(c)));
        switch (evidence) {
            case AzSnpVtpmEvidence snp -> {
                json.put("measurement", hex(snp.snpReport().measurement()));
                json.put("reportData", hex(snp.snpReport().reportData()));
            }
            case AzTdxVtpmEvidence tdx -> {
                TdReportBody body = tdx.tdQuote().body();
                json.put("mrTd", hex(body.mrTd()));
                json.put("rtmr", body.rtmrs().stream().map(JsonCommand::hex).toList());
                json.put("reportData", hex(body.reportData()));
                json.put("tcbStatus", null);
            }
        }
        return json;
    }

    private static Map<String, Object> config(VmConfiguration c) {
        Map<String, Object> json = new LinkedHashMap<>();
        c.secureBoot().ifPresent(v -> json.put("secureBoot", v));
        c.tpmEnabled().ifPresent(v -> json.put("tpmEnabled", v));
        c.tpmPersisted().ifPresent(v -> json.put("tpmPersisted", v));
        c.consoleEnabled().ifPresent(v -> json.put("consoleEnabled", v));
        c.vmUniqueId().ifPresent(v -> json.put("vmUniqueId", v));
        return json;
    }
}

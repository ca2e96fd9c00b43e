package dev.trustedcompute.tpmquote.cli;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.snp.SnpExpectations;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import dev.trustedcompute.tpmquote.snp.SnpVerifier;
import dev.trustedcompute.tpmquote.snp.TcbLevels;
import dev.trustedcompute.tpmquote.snp.VerifiedSnpReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snp --report F --cert F [--chain F] [--at ISO-8601] [--report-data HEX]}: verifies an SEV-SNP report with
 * its VCEK/VLEK against the bundled AMD roots. Without {@code --report-data} REPORT_DATA is not compared.
 */
@Command(name = "snp", description = "Verify an SEV-SNP attestation report (chain, signature, TCB).")
final class SnpCommand extends JsonCommand {

    @Option(names = "--report", required = true, description = "ATTESTATION_REPORT, 1184 bytes")
    Path report;

    @Option(names = "--cert", required = true, description = "VCEK or VLEK, PEM or DER")
    Path cert;

    @Option(names = "--chain", description = "ASK/ASVK and ARK, PEM (as AMD KDS serves cert_chain)")
    Path chain;

    @Option(names = "--at", description = "verification time, ISO-8601 (default: now)")
    String at;

    @Option(names = "--report-data", description = "expected REPORT_DATA, 64 bytes hex")
    String reportData;

    @Override
    Map<String, Object> run() throws IOException, EvidenceFormatException {
        SnpReport parsed = SnpReport.parse(read(report));
        SnpCertificates certificates = chain == null ? SnpCertificates.of(read(cert))
                : SnpCertificates.of(read(cert), read(chain));
        SnpExpectations.Builder expected = SnpExpectations.at(at(at));
        if (reportData == null) {
            expected.noReportData("no --report-data given");
        } else {
            byte[] value = hexOption(reportData, "--report-data");
            if (value.length != 64) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--report-data: REPORT_DATA is 64 bytes, got " + value.length);
            }
            expected.reportData(value);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", (long) parsed.version());
        json.put("measurement", hex(parsed.measurement()));
        json.put("reportData", hex(parsed.reportData()));
        try {
            VerifiedSnpReport verified = SnpVerifier.withBundledRoots().verify(parsed, certificates, expected.build());
            TcbLevels tcb = verified.reportedTcb();
            json.put("reportedTcb", Map.of("bl", (long) tcb.bootloader(), "tee", (long) tcb.tee(),
                    "snp", (long) tcb.snp(), "microcode", (long) tcb.microcode()));
            json.put("product", verified.product().amdName());
            json.put("valid", true);
        } catch (VerificationException e) {
            failed(json, e);
        }
        return json;
    }
}

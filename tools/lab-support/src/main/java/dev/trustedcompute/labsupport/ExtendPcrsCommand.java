package dev.trustedcompute.labsupport;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Extends a freshly started swtpm's PCRs with every measured event of a captured event log, so that its quotes
 * replay that log: HVS's event-log rules (replay, event equality, Secure Boot) then run on real firmware events.
 * Idempotent: PCRs that already hold the log's values are left alone; PCRs holding anything else are refused
 * (restart swtpm: TPM2_Startup(CLEAR) resets them).
 */
@Command(name = "extend-pcrs", mixinStandardHelpOptions = true,
        description = "Extend swtpm's PCRs so they replay a captured TCG event log (one bank).")
final class ExtendPcrsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--event-log", required = true, paramLabel = "FILE", description = "TCG event log (binary)")
    Path eventLog;

    @Option(names = "--tpm", required = true, paramLabel = "TCTI",
            description = "the TPM, as a tpm2-tools TCTI, e.g. swtpm:host=127.0.0.1,port=2321")
    String tcti;

    @Option(names = "--bank", defaultValue = "sha256", paramLabel = "ALG",
            description = "PCR bank to extend (the one HVS quotes). Default: ${DEFAULT-VALUE}")
    String bank;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventLogPcrs plan;
        try {
            plan = EventLogPcrs.of(EventLog.parse(Files.readAllBytes(eventLog)), algorithm());
        } catch (IOException | EvidenceFormatException | IllegalArgumentException e) {
            err.println(eventLog + ": " + e.getMessage());
            return 2;
        }
        Tpm2Tools tpm = new Tpm2Tools(tcti);
        try {
            Map<Integer, byte[]> before = tpm.read(bank, plan.expected().keySet());
            if (matches(plan.expected(), before)) {
                out.println("PCRs " + plan.expected().keySet() + " (" + bank + ") already replay " + eventLog);
                return 0;
            }
            List<Integer> dirty = before.entrySet().stream()
                    .filter(e -> !Arrays.equals(e.getValue(), new byte[e.getValue().length]))
                    .map(Map.Entry::getKey).toList();
            if (!dirty.isEmpty()) {
                err.println("PCRs " + dirty + " (" + bank + ") are neither reset nor the log's values: restart swtpm");
                return 1;
            }
            tpm.extend(bank, plan.measurements());
            Map<Integer, byte[]> after = tpm.read(bank, plan.expected().keySet());
            if (!matches(plan.expected(), after)) {
                err.println("after extending, the PCRs do not replay the log: " + after.keySet());
                return 1;
            }
            out.println("extended " + plan.measurements().size() + " events into PCRs " + plan.expected().keySet()
                    + " (" + bank + ") from " + eventLog);
            plan.expected().forEach((pcr, value) -> out.println("  PCR " + pcr + " = " + HexFormat.of().formatHex(value)));
            return 0;
        } catch (Tpm2Tools.Tpm2Exception e) {
            err.println(e.getMessage());
            return 3;
        }
    }

    private DigestAlgorithm algorithm() {
        return switch (bank) {
            case "sha1" -> DigestAlgorithm.SHA1;
            case "sha256" -> DigestAlgorithm.SHA256;
            case "sha384" -> DigestAlgorithm.SHA384;
            default -> throw new IllegalArgumentException("--bank must be sha1, sha256 or sha384");
        };
    }

    private static boolean matches(Map<Integer, byte[]> expected, Map<Integer, byte[]> actual) {
        return expected.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), actual.get(e.getKey())));
    }
}

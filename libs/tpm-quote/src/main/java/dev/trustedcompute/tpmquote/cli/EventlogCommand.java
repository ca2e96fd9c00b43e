package dev.trustedcompute.tpmquote.cli;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.eventlog.EventLogFormat;
import dev.trustedcompute.tpmquote.eventlog.EventLogSelfCheck;
import dev.trustedcompute.tpmquote.eventlog.PcrMismatch;
import dev.trustedcompute.tpmquote.eventlog.PcrValues;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code eventlog --file F [--pcrs-json F]}: parses a TCG PC Client log and prints what it replays to
 * ({@code pcrs}) and what it says about Secure Boot. With {@code --pcrs-json} the log must replay to those values
 * ({@code valid}); without, the log is only checked against itself. Either way nothing is verified by a quote.
 */
@Command(name = "eventlog", description = "Replay a TCG event log; optionally check it against PCR values.")
final class EventlogCommand extends JsonCommand {

    @Option(names = "--file", required = true, description = "binary_bios_measurements")
    Path file;

    @Option(names = "--pcrs-json", description = "{\"sha256\":{\"0\":\"hex\",...},...} to check the log against")
    Path pcrsJson;

    @Override
    Map<String, Object> run() throws IOException, EvidenceFormatException {
        EventLog log = EventLog.parse(read(file));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", log.format() == EventLogFormat.CRYPTO_AGILE ? "crypto-agile" : "sha1");
        json.put("events", (long) log.unverifiedEvents().size());
        List<PcrValues> computed = log.computePcrs();
        Map<String, Object> pcrs = new TreeMap<>();
        for (PcrValues bank : computed) {
            Map<String, Object> values = new TreeMap<>();
            bank.toHex().forEach((index, value) -> values.put(Integer.toString(index), value));
            pcrs.put(bank.algorithm().name(), values);
        }
        json.put("pcrs", pcrs);
        EventLogSelfCheck check = EventLogSelfCheck.run(log, pcrsJson == null ? computed : claimed());
        Map<String, Object> secureBoot = new HashMap<>();
        secureBoot.put("enabled", check.secureBootEnabled().orElse(null));
        check.problem().filter(p -> check.consistent()).ifPresent(p -> secureBoot.put("problem", p));
        json.put("secureBoot", secureBoot);
        if (!check.quirks().isEmpty()) {
            json.put("quirks", check.quirks().stream().map(q -> q.quirk() + ": " + q.detail()).toList());
        }
        if (pcrsJson != null) {
            json.put("valid", check.consistent());
            if (!check.consistent()) {
                json.put("reason", "EVENT_LOG_REPLAY_MISMATCH");
                json.put("error", check.problem().orElseThrow());
                json.put("mismatches", mismatches(check.mismatches()));
            }
        }
        return json;
    }

    private List<PcrValues> claimed() throws IOException, EvidenceFormatException {
        List<PcrValues> banks = new ArrayList<>();
        for (PcrBank bank : PcrBank.parseJson(new String(read(pcrsJson), StandardCharsets.UTF_8)).values()) {
            DigestAlgorithm alg = DigestAlgorithm.known(bank.hash().algId()).orElseThrow();
            banks.add(new PcrValues(alg, bank.values()));
        }
        return banks;
    }

    private static List<Object> mismatches(List<PcrMismatch> mismatches) {
        List<Object> out = new ArrayList<>();
        for (PcrMismatch m : mismatches) {
            out.add(Map.of("bank", m.bank().name(), "pcr", (long) m.pcr(), "expected", hex(m.quoted()),
                    "replayed", hex(m.replayed())));
        }
        return out;
    }
}

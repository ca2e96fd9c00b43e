package dev.trustedcompute.labsupport;

import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.eventlog.EventType;
import dev.trustedcompute.tpmquote.eventlog.PcrValues;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;

/**
 * What a TPM must be extended with so that its PCRs replay an event log in one bank: the measured events' digests in
 * log order, and the values the log replays to (libs/tpm-quote's replay, the same HVS runs on a quote).
 *
 * @param bank      the bank, e.g. SHA-256
 * @param measurements one TPM2_PCR_Extend per measured event, in log order
 * @param expected  PCR index to the value the log replays to
 */
record EventLogPcrs(DigestAlgorithm bank, List<Extend> measurements, Map<Integer, byte[]> expected) {

    /** One TPM2_PCR_Extend. */
    record Extend(int pcr, String digestHex) {
    }

    static EventLogPcrs of(EventLog log, DigestAlgorithm bank) {
        if (!log.algorithms().contains(bank)) {
            throw new IllegalArgumentException("the event log has no " + bank.name() + " digests (it has "
                    + log.algorithms() + ")");
        }
        boolean startupLocality = log.unverifiedEvents().stream().anyMatch(e -> e.pcrIndex() == 0
                && e.type().equals(EventType.EV_NO_ACTION) && new String(e.data(), StandardCharsets.US_ASCII)
                .startsWith("StartupLocality"));
        if (startupLocality) {
            // swtpm starts at locality 0, so PCR 0 cannot begin at 0..03 as on that platform
            throw new IllegalArgumentException("the event log starts PCR 0 from a StartupLocality event; swtpm cannot");
        }
        List<Extend> measured = log.unverifiedEvents().stream()
                .filter(EventLogPcrs::measured)
                .map(e -> new Extend((int) e.pcrIndex(), e.digest(bank).orElseThrow().hex()))
                .toList();
        PcrValues replayed = log.computePcrs().stream().filter(p -> p.algorithm().equals(bank)).findFirst()
                .orElseThrow();
        return new EventLogPcrs(bank, measured, replayed.values());
    }

    /** Extended into a PCR: the rule of TCG PFP replay (EV_NO_ACTION and PCR -1 events are not). */
    private static boolean measured(TcgEvent e) {
        return e.pcrIndex() != TcgEvent.NO_PCR && !e.type().equals(EventType.EV_NO_ACTION);
    }
}

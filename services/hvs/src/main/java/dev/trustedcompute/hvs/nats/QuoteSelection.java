package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.tpm.TpmHash;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What HVS asks agents to quote: every PCR (0-23) of one bank, so any flavor template can be evaluated from a
 * single quote (libs/tpm-quote verifies one bank per quote).
 */
public record QuoteSelection(TpmHash bank) {

    public static final List<Integer> ALL_PCRS = IntStream.range(0, 24).boxed().toList();

    /** From configuration ({@code sha256} ...). */
    public static QuoteSelection of(String bank) {
        try {
            return new QuoteSelection(TpmHash.fromLabel(bank, "tc.hvs.quote.bank"));
        } catch (EvidenceFormatException e) {
            throw new IllegalArgumentException("tc.hvs.quote.bank: " + e.getMessage(), e);
        }
    }

    /** As sent in {@code QuoteRequest.pcrs} and {@code NonceReply.pcrs}. */
    public Map<String, List<Integer>> asMessage() {
        return Map.of(bank.label(), ALL_PCRS);
    }
}

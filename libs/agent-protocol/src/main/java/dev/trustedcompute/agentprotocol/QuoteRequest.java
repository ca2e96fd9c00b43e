package dev.trustedcompute.agentprotocol;

import java.util.List;
import java.util.Map;

/**
 * HVS asks an agent for evidence ({@code trust-agent.<hostId>.quote-request}; reply {@link QuoteReply}).
 *
 * @param nonce           base64 of HVS's fresh nonce (at least 16 bytes); the quote's extraData must equal
 *                        SHA-256 of these bytes, as in Intel SecL
 * @param pcrs            PCRs to quote per bank, e.g. {@code {"sha256":[0,1,2,3,4,5,6,7]}}
 * @param includeEventLog whether the reply carries the TCG event log
 */
public record QuoteRequest(String nonce, Map<String, List<Integer>> pcrs, boolean includeEventLog) {
    public QuoteRequest {
        Fields.base64("nonce", nonce, 16);
        pcrs = Fields.pcrSelection("pcrs", pcrs);
    }
}

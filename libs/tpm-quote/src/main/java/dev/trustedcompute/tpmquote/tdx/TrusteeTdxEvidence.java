package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.JsonFields;
import dev.trustedcompute.tpmquote.TdxEvidence;
import dev.trustedcompute.tpmquote.ccel.CcEventLog;
import java.util.Optional;
import java.util.Set;

/**
 * Parses Trustee's {@code tdx} evidence (guest-components {@code attester/src/tdx}, trustee
 * {@code deps/verifier/src/tdx}):
 * <pre>
 * {"cc_eventlog": "base64 of the CCEL data area (trimmed at its terminator, AAEL events appended)" | null,
 *  "quote":       "base64 of the TD quote (v4 or v5)"}
 * </pre>
 * Base64 is the standard alphabet. The quote must be exactly one quote (no trailing bytes). Members are exactly
 * these; anything else is malformed.
 */
public final class TrusteeTdxEvidence {

    /** A CCEL area is at most 1 MiB (as base64, 1.4 MB), a quote a few KB. */
    static final int MAX_DOCUMENT = 2 * 1024 * 1024;
    private static final int MAX_QUOTE = 64 * 1024;
    private static final int MAX_EVENT_LOG = 1024 * 1024;

    private TrusteeTdxEvidence() {
    }

    /** {@code tdx} evidence (UTF-8 JSON). */
    public static TdxEvidence parse(byte[] json) throws EvidenceFormatException {
        JsonFields evidence = JsonFields.document(json, "tdx evidence", MAX_DOCUMENT);
        evidence.requireOnly(Set.of("cc_eventlog", "quote"));
        TdxQuote quote = TdxQuote.parse(evidence.base64("quote", MAX_QUOTE));
        Optional<CcEventLog> log = evidence.isNull("cc_eventlog")
                ? Optional.empty() : Optional.of(CcEventLog.parse(evidence.base64("cc_eventlog", MAX_EVENT_LOG)));
        return new TdxEvidence(quote, log);
    }
}

package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.ccel.CcEventLog;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import java.util.Objects;
import java.util.Optional;

/**
 * Intel TDX evidence: a DCAP quote (v4 or v5) and optionally the CCEL event log whose replay must give the quoted
 * RTMRs.
 *
 * @param quote    the quote with its certification data (PCK chain)
 * @param eventLog the CC event log (Trustee {@code cc_eventlog}); empty when none was sent
 */
public record TdxEvidence(TdxQuote quote, Optional<CcEventLog> eventLog) implements Evidence {

    public TdxEvidence {
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(eventLog, "eventLog");
    }

    @Override
    public Tee tee() {
        return Tee.TDX;
    }
}

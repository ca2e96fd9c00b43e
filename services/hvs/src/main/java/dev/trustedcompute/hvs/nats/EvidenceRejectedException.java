package dev.trustedcompute.hvs.nats;

/**
 * Evidence that cannot be judged: malformed, made for another host, or whose quote does not verify with the
 * host's pinned AK and nonce. The report says so with a fault of rule {@link #rule()}.
 */
public final class EvidenceRejectedException extends Exception {

    /** Host-wide checks made before the flavor engine sees any evidence (fault rule names in reports). */
    public enum Check {
        /** Every field decodes (base64, TPM structures, PCR values). */
        EVIDENCE_WELL_FORMED("EvidenceWellFormed"),
        /** The evidence names the host whose subject it came on and whose nonce it carries. */
        EVIDENCE_HOST_ID("EvidenceHostId"),
        /** The quote covers exactly the PCRs HVS asked for. */
        QUOTE_PCR_SELECTION("QuotePcrSelection"),
        /** Signature by the host's pinned AK, nonce (SHA-256) in extraData, PCR digest (libs/tpm-quote). */
        QUOTE_VERIFIED("QuoteVerified");

        private final String ruleName;

        Check(String ruleName) {
            this.ruleName = ruleName;
        }

        public String ruleName() {
            return ruleName;
        }
    }

    private final Check check;

    public EvidenceRejectedException(Check check, String detail) {
        super(detail);
        this.check = check;
    }

    public Check check() {
        return check;
    }

    /** The fault's rule name. */
    public String rule() {
        return check.ruleName();
    }
}

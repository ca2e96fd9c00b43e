package dev.trustedcompute.tpmquote.eventlog;

/** The two TCG PC Client log layouts. */
public enum EventLogFormat {
    /**
     * TCG PC Client PFP 2.0 crypto-agile log: a legacy-format {@code Spec ID Event03} header, then
     * TCG_PCR_EVENT2 entries with a TPML_DIGEST_VALUES per event.
     */
    CRYPTO_AGILE,
    /** Legacy TCG_PCClientPCREvent entries, each with one SHA-1 digest (TPM 1.2 style). */
    SHA1
}

package dev.trustedcompute.agentprotocol;

import java.util.Map;

/**
 * A TPM2_Quote as the TPM produced it.
 *
 * @param attest    base64 of the TPMS_ATTEST structure (the signed bytes, without the TPM2B size prefix)
 * @param signature base64 of the TPMT_SIGNATURE over {@code attest}
 * @param pcrs      the quoted PCR values, {@code {"sha256":{"0":"<lower-case hex>",...}}}
 */
public record TpmQuote(String attest, String signature, Map<String, Map<String, String>> pcrs) {
    public TpmQuote {
        Fields.base64("quote.attest", attest, 1);
        Fields.base64("quote.signature", signature, 1);
        pcrs = Fields.pcrValues("quote.pcrs", pcrs);
    }
}

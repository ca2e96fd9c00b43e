package dev.trustedcompute.trustagent.tpm;

import dev.trustedcompute.agentprotocol.TpmQuote;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * A quote as the TPM made it, with the PCR values it covers (read right before and checked against the quote's
 * pcrDigest, so they are the quoted values).
 *
 * @param attest    TPMS_ATTEST, the signed bytes
 * @param signature TPMT_SIGNATURE over {@code attest}
 * @param pcrs      bank to PCR index to value
 */
public record TpmQuoteResult(byte[] attest, byte[] signature, Map<TpmHash, SortedMap<Integer, byte[]>> pcrs) {

    /** The protocol form: base64 attest and signature, lower-case hex PCR values keyed by decimal index. */
    public TpmQuote toProtocol() {
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        pcrs.forEach((bank, bankValues) -> {
            Map<String, String> hex = new LinkedHashMap<>();
            bankValues.forEach((index, value) -> hex.put(Integer.toString(index), HexFormat.of().formatHex(value)));
            values.put(bank.label(), hex);
        });
        return new TpmQuote(Base64.getEncoder().encodeToString(attest), Base64.getEncoder().encodeToString(signature),
                values);
    }
}

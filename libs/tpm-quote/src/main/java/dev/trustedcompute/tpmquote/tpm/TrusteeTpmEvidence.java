package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Json;
import dev.trustedcompute.tpmquote.JsonFields;
import dev.trustedcompute.tpmquote.TpmEvidence;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Parses Trustee's {@code tpm} evidence (guest-components {@code attester/src/tpm}, trustee
 * {@code deps/verifier/src/tpm}):
 * <pre>
 * {"ak_public": "base64 of the AK's DER SubjectPublicKeyInfo",
 *  "tpm_quote": {"message":   "base64 of the TPMS_ATTEST",
 *                "signature": "base64 of the TPMT_SIGNATURE",
 *                "pcrs":      ["hex SHA-256 PCR 0", ..., "hex SHA-256 PCR 23"]}}
 * </pre>
 * Base64 is the standard alphabet, hex any case. A PCR's index is its position in {@code pcrs}; the verifier
 * later requires the quote to select exactly these. Members are exactly these; anything else is malformed.
 * {@code ak_public} becomes {@link TpmEvidence#attesterAk()}, which is never trusted.
 */
public final class TrusteeTpmEvidence {

    /** Real evidence is about 3 KB. */
    static final int MAX_DOCUMENT = 64 * 1024;
    private static final int MAX_SPKI = 4096;
    private static final int MAX_PCRS = 24;
    /** A TPMT_SIGNATURE with an RSA-4096 signature is 518 bytes. */
    private static final int MAX_SIGNATURE = 1024;

    private TrusteeTpmEvidence() {
    }

    /** {@code tpm} evidence (UTF-8 JSON). */
    public static TpmEvidence parse(byte[] json) throws EvidenceFormatException {
        JsonFields evidence = JsonFields.document(json, "tpm evidence", MAX_DOCUMENT);
        evidence.requireExactly(Set.of("ak_public", "tpm_quote"));
        JsonFields quote = evidence.object("tpm_quote");
        quote.requireExactly(Set.of("message", "signature", "pcrs"));
        AkPublic ak = AkPublic.fromSubjectPublicKeyInfo(evidence.base64("ak_public", MAX_SPKI));
        TpmsAttest message = TpmsAttest.parse(quote.base64("message", TpmsAttest.MAX_ATTEST));
        TpmtSignature signature = TpmtSignature.parse(quote.base64("signature", MAX_SIGNATURE));
        List<Json.Value> pcrs = quote.array("pcrs");
        if (pcrs.isEmpty() || pcrs.size() > MAX_PCRS) {
            throw new EvidenceFormatException(quote.value("pcrs").start(), quote.path() + ".pcrs", pcrs.size()
                    + " PCRs, expected 1 to " + MAX_PCRS);
        }
        TreeMap<Integer, byte[]> values = new TreeMap<>();
        for (int i = 0; i < pcrs.size(); i++) {
            String field = quote.path() + ".pcrs[" + i + "]";
            if (!(pcrs.get(i) instanceof Json.Str hex)) {
                throw new EvidenceFormatException(pcrs.get(i).start(), field, "expected a hex string");
            }
            byte[] value = JsonFields.decodeHex(hex.value(), field, hex.start());
            if (value.length != TpmHash.SHA256.digestLength()) {
                throw new EvidenceFormatException(hex.start(), field, value.length + " bytes, a SHA-256 PCR has 32");
            }
            values.put(i, value);
        }
        return new TpmEvidence(message, signature, List.of(new PcrBank(TpmHash.SHA256, values)), Optional.empty(),
                Optional.of(ak));
    }
}

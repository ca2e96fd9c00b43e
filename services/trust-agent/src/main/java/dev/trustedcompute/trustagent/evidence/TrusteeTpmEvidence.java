package dev.trustedcompute.trustagent.evidence;

import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.ak.AttestationKey;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.PcrRequest;
import dev.trustedcompute.trustagent.tpm.TpmQuoteResult;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Evidence in the shape of Trustee's {@code tpm} attester, for a KBS ({@code /kbs/v0/attest} or the curl-friendly
 * {@code /attestation} route):
 * <pre>{"tpm_quote":{"signature":"&lt;b64 TPMT_SIGNATURE&gt;","message":"&lt;b64 TPMS_ATTEST&gt;",
 *   "pcrs":["&lt;hex sha256 PCR0&gt;", ... "PCR23"]},"ak_public":"&lt;b64 DER SubjectPublicKeyInfo&gt;"}</pre>
 * The quote covers all 24 SHA-256 PCRs; {@code extraData} is the report data as Trustee places it for a TPM
 * (the first 32 bytes of the runtime-data digest, {@code ExpectedReportData.RuntimeDataDigest.placedFor}).
 */
public final class TrusteeTpmEvidence {

    private TrusteeTpmEvidence() {
    }

    public static Map<String, Object> collect(AgentTpm tpm, AttestationKey ak, byte[] extraData)
            throws AgentException {
        TpmQuoteResult quote = tpm.quote(ak.handle(), PcrRequest.all(TpmHash.SHA256), extraData);
        SortedMap<Integer, byte[]> pcrs = quote.pcrs().get(TpmHash.SHA256);
        List<String> hex = pcrs.values().stream().map(HexFormat.of()::formatHex).toList();
        Base64.Encoder b64 = Base64.getEncoder();
        return Map.of(
                "tpm_quote", Map.of(
                        "signature", b64.encodeToString(quote.signature()),
                        "message", b64.encodeToString(quote.attest()),
                        "pcrs", hex),
                "ak_public", b64.encodeToString(ak.subjectPublicKeyInfo()));
    }
}

package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.AzSnpVtpmEvidence;
import dev.trustedcompute.tpmquote.AzTdxVtpmEvidence;
import dev.trustedcompute.tpmquote.AzureVtpmEvidence;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.JsonFields;
import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Parses Trustee's Azure vTPM evidence JSON (guest-components {@code attester/src/az_*_vtpm}), every version
 * Trustee reads ({@code deps/verifier/src/az_*_vtpm/compat.rs}):
 * <pre>
 * az-snp-vtpm v1, v2: {"version":1|2, "tpm_quote":{"signature":"hex","message":"hex","pcrs":["hex" x24]},
 *                      "hcl_report":"base64url", "vcek":"base64url DER"}
 * az-snp-vtpm v0:     {"quote":{"signature":[u8],"message":[u8],"pcrs":[[u8;32] x24]}, "report":[u8], "vcek":"PEM"}
 * az-tdx-vtpm v1, v2: {"version":1|2, "tpm_quote":{...hex as above...}, "hcl_report":"base64url",
 *                      "td_quote":"base64url"}
 * az-tdx-vtpm v0:     {"tpm_quote":{...byte arrays as above...}, "hcl_report":[u8], "td_quote":[u8]}
 * </pre>
 * Members are exactly these (unknown ones are malformed), and the HCL report must carry the hardware report of
 * the named TEE. The TD quote may be followed by zero padding, never by other bytes. The only exception for bad
 * input is {@link EvidenceFormatException}.
 */
public final class TrusteeAzureEvidence {

    private static final Set<String> SNP_V0 = Set.of("quote", "report", "vcek");
    private static final Set<String> SNP_V1 = Set.of("version", "tpm_quote", "hcl_report", "vcek");
    private static final Set<String> TDX_V0 = Set.of("tpm_quote", "hcl_report", "td_quote");
    private static final Set<String> TDX_V1 = Set.of("version", "tpm_quote", "hcl_report", "td_quote");
    /** A DER certificate of a few KB; PEM adds a third. */
    private static final int MAX_CERTIFICATE = 16 * 1024;
    /** A TD quote with its PCK chain is about 5 KB. */
    private static final int MAX_TD_QUOTE = 32 * 1024;

    private TrusteeAzureEvidence() {
    }

    /**
     * Evidence of either Azure TEE, told apart by the member only {@code az-tdx-vtpm} has ({@code td_quote}), for
     * callers that get the JSON without the KBS request's {@code tee} (files, the CLI).
     */
    public static AzureVtpmEvidence parse(byte[] json) throws EvidenceFormatException {
        JsonFields evidence = TrusteeJson.document(json, "Azure vTPM evidence");
        return evidence.has("td_quote") ? tdx(evidence) : snp(evidence);
    }

    /** {@code az-snp-vtpm} evidence (UTF-8 JSON). */
    public static AzSnpVtpmEvidence parseSnp(byte[] json) throws EvidenceFormatException {
        return snp(TrusteeJson.document(json, "az-snp-vtpm evidence"));
    }

    /** {@code az-tdx-vtpm} evidence (UTF-8 JSON). */
    public static AzTdxVtpmEvidence parseTdx(byte[] json) throws EvidenceFormatException {
        return tdx(TrusteeJson.document(json, "az-tdx-vtpm evidence"));
    }

    private static AzSnpVtpmEvidence snp(JsonFields evidence) throws EvidenceFormatException {
        int version = TrusteeJson.version(evidence);
        HclReport hcl;
        VtpmQuote quote;
        SnpCertificates vcek;
        if (version == 0) {
            evidence.requireExactly(SNP_V0);
            quote = TrusteeJson.byteArrayQuote(evidence.object("quote"));
            hcl = HclReport.parse(evidence.byteArray("report", HclReport.MAX_SIZE));
            String pem = evidence.string("vcek");
            if (pem.length() > MAX_CERTIFICATE) {
                throw new EvidenceFormatException(evidence.path() + ".vcek", "longer than " + MAX_CERTIFICATE);
            }
            vcek = SnpCertificates.of(pem.getBytes(StandardCharsets.US_ASCII));
        } else {
            evidence.requireExactly(SNP_V1);
            quote = TrusteeJson.hexQuote(evidence.object("tpm_quote"));
            hcl = HclReport.parse(evidence.base64Url("hcl_report", HclReport.MAX_SIZE));
            vcek = SnpCertificates.of(evidence.base64Url("vcek", MAX_CERTIFICATE));
        }
        if (!(hcl.hardwareReport() instanceof HclHardwareReport.Snp)) {
            throw new EvidenceFormatException(evidence.path() + (version == 0 ? ".report" : ".hcl_report"),
                    "carries a TDX report; az-snp-vtpm needs an SEV-SNP report");
        }
        return new AzSnpVtpmEvidence(version, quote, hcl, vcek);
    }

    private static AzTdxVtpmEvidence tdx(JsonFields evidence) throws EvidenceFormatException {
        int version = TrusteeJson.version(evidence);
        HclReport hcl;
        VtpmQuote quote;
        byte[] tdQuote;
        if (version == 0) {
            evidence.requireExactly(TDX_V0);
            quote = TrusteeJson.byteArrayQuote(evidence.object("tpm_quote"));
            hcl = HclReport.parse(evidence.byteArray("hcl_report", HclReport.MAX_SIZE));
            tdQuote = evidence.byteArray("td_quote", MAX_TD_QUOTE);
        } else {
            evidence.requireExactly(TDX_V1);
            quote = TrusteeJson.hexQuote(evidence.object("tpm_quote"));
            hcl = HclReport.parse(evidence.base64Url("hcl_report", HclReport.MAX_SIZE));
            tdQuote = evidence.base64Url("td_quote", MAX_TD_QUOTE);
        }
        if (!(hcl.hardwareReport() instanceof HclHardwareReport.Tdx)) {
            throw new EvidenceFormatException(evidence.path() + ".hcl_report",
                    "carries an SEV-SNP report; az-tdx-vtpm needs a TDREPORT");
        }
        return new AzTdxVtpmEvidence(version, quote, hcl, paddedTdQuote(tdQuote, evidence.path() + ".td_quote"));
    }

    /**
     * Azure's quoting service returns the quote in a zero-padded buffer (Trustee's test evidence: a 4936-byte
     * quote in 5006 bytes). The padding is signed by nothing, so it must be zeros and nothing else.
     */
    private static TdxQuote paddedTdQuote(byte[] buffer, String field) throws EvidenceFormatException {
        TdxQuote quote = TdxQuote.parseFromBuffer(buffer);
        for (int i = buffer.length - quote.trailingBytes(); i < buffer.length; i++) {
            if (buffer[i] != 0) {
                throw new EvidenceFormatException(i, field, "non-zero byte in the padding after the quote");
            }
        }
        return quote;
    }
}

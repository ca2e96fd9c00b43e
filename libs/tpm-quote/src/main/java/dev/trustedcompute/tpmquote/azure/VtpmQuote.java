package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.SignatureScheme;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A quote of the Azure vTPM as Azure tooling and Trustee carry it (kinvolk {@code az-cvm-vtpm} {@code Quote}):
 * the TPMS_ATTEST, the bare RSASSA-PKCS1-v1_5/SHA-256 signature bytes of the vTPM's attestation key (not a
 * TPMT_SIGNATURE), and the SHA-256 PCR values 0..n-1 in index order. Parsed, not verified.
 *
 * @param attest    the quoted TPMS_ATTEST
 * @param signature the signature, represented as an RSASSA/SHA-256 TPMT_SIGNATURE over {@code attest}
 * @param pcrs      the SHA-256 bank as sent, index i = i-th value
 */
public record VtpmQuote(TpmsAttest attest, TpmtSignature signature, PcrBank pcrs) {

    /** A PC-client TPM has 24 PCRs; the Azure vTPM quotes all of them. */
    public static final int MAX_PCRS = 24;
    /** An RSA-4096 signature. */
    public static final int MAX_SIGNATURE = 512;

    /** From the three parts; the signature is the bare RSA signature value. */
    public static VtpmQuote of(byte[] message, byte[] signature, List<byte[]> pcrs) throws EvidenceFormatException {
        if (signature.length == 0 || signature.length > MAX_SIGNATURE) {
            throw new EvidenceFormatException("vTPM quote signature", signature.length + " bytes, expected 1-"
                    + MAX_SIGNATURE);
        }
        if (pcrs.isEmpty() || pcrs.size() > MAX_PCRS) {
            throw new EvidenceFormatException("vTPM quote pcrs", pcrs.size() + " values, expected 1-" + MAX_PCRS);
        }
        SortedMap<Integer, byte[]> values = new TreeMap<>();
        for (int i = 0; i < pcrs.size(); i++) {
            if (pcrs.get(i).length != TpmHash.SHA256.digestLength()) {
                throw new EvidenceFormatException("vTPM quote pcrs[" + i + "]", pcrs.get(i).length
                        + " bytes, a SHA-256 PCR has 32");
            }
            values.put(i, pcrs.get(i));
        }
        TpmtSignature rsassa = new TpmtSignature(SignatureScheme.RSASSA, TpmHash.SHA256, signature, new byte[0],
                new byte[0], signature);
        return new VtpmQuote(TpmsAttest.parse(message), rsassa, new PcrBank(TpmHash.SHA256, values));
    }

    /**
     * Parses kinvolk's bincode serialisation ({@code quote.bin}): {@code signature: Vec<u8>},
     * {@code message: Vec<u8>}, {@code pcrs: Vec<[u8; 32]>}, each length a little-endian u64.
     */
    public static VtpmQuote parseBincode(byte[] bincode) throws EvidenceFormatException {
        ByteReader in = ByteReader.littleEndian(bincode);
        byte[] signature = in.bytes(length(in, "signature.len", MAX_SIGNATURE), "signature");
        byte[] message = in.bytes(length(in, "message.len", 4096), "message");
        int count = length(in, "pcrs.len", MAX_PCRS);
        List<byte[]> pcrs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pcrs.add(in.bytes(32, "pcrs[" + i + "]"));
        }
        in.expectEnd("bincode Quote");
        return of(message, signature, pcrs);
    }

    private static int length(ByteReader in, String field, int max) throws EvidenceFormatException {
        int at = in.position();
        long length = in.u64(field);
        if (length < 0 || length > max) {
            throw new EvidenceFormatException(at, field, Long.toUnsignedString(length) + " exceeds the maximum " + max);
        }
        return (int) length;
    }

    /** The nonce the vTPM signed (TPMS_ATTEST.extraData). */
    public byte[] nonce() {
        return attest.extraData();
    }
}

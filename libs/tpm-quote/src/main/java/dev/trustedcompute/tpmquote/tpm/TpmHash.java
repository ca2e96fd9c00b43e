package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * TPM_ALG_ID values of the hash algorithms this library accepts (TPM 2.0 Part 2 §6.3, TPMI_ALG_HASH).
 * SM3 and the SHA-3 family are not supported: no evidence seen so far uses them.
 */
public enum TpmHash {
    SHA1(0x0004, 20, "SHA-1", "sha1"),
    SHA256(0x000B, 32, "SHA-256", "sha256"),
    SHA384(0x000C, 48, "SHA-384", "sha384"),
    SHA512(0x000D, 64, "SHA-512", "sha512");

    private final int algId;
    private final int digestLength;
    private final String jcaName;
    private final String label;

    TpmHash(int algId, int digestLength, String jcaName, String label) {
        this.algId = algId;
        this.digestLength = digestLength;
        this.jcaName = jcaName;
        this.label = label;
    }

    /** The TPM_ALG_ID as marshalled on the wire. */
    public int algId() {
        return algId;
    }

    /** Digest size in bytes. */
    public int digestLength() {
        return digestLength;
    }

    /** JCA message digest name, e.g. {@code SHA-256}. */
    public String jcaName() {
        return jcaName;
    }

    /** Lower-case bank name used by tpm2-tools and PCR JSON ({@code sha256}). */
    public String label() {
        return label;
    }

    /** Hashes {@code parts} one after the other. */
    public byte[] digest(byte[]... parts) {
        MessageDigest md = newDigest();
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }

    /** Looks up a TPM_ALG_ID; {@code at}/{@code field} locate the value for the error message. */
    public static TpmHash fromAlgId(int algId, long at, String field) throws EvidenceFormatException {
        for (TpmHash h : values()) {
            if (h.algId == algId) {
                return h;
            }
        }
        throw new EvidenceFormatException(at, field, String.format("unsupported hash algorithm 0x%04x", algId));
    }

    /** Looks up a bank label such as {@code sha256}. */
    public static TpmHash fromLabel(String label, String field) throws EvidenceFormatException {
        for (TpmHash h : values()) {
            if (h.label.equals(label)) {
                return h;
            }
        }
        throw new EvidenceFormatException(field, "unsupported hash algorithm '" + label + "'");
    }
}

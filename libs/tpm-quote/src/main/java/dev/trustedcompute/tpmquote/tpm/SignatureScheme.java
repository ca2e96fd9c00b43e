package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.EvidenceFormatException;

/** TPMI_ALG_SIG_SCHEME values this library verifies (TPM 2.0 Part 2 §11.2.1.5). */
public enum SignatureScheme {
    RSASSA(0x0014),
    RSAPSS(0x0016),
    ECDSA(0x0018);

    private final int algId;

    SignatureScheme(int algId) {
        this.algId = algId;
    }

    /** The TPM_ALG_ID as marshalled on the wire. */
    public int algId() {
        return algId;
    }

    static SignatureScheme fromAlgId(int algId, long at, String field) throws EvidenceFormatException {
        for (SignatureScheme s : values()) {
            if (s.algId == algId) {
                return s;
            }
        }
        throw new EvidenceFormatException(at, field, String.format("unsupported signature scheme 0x%04x", algId));
    }

    /** true for the RSA schemes, false for ECDSA. */
    public boolean isRsa() {
        return this != ECDSA;
    }
}

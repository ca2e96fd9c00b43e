package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.EvidenceFormatException;

/** TPMI_ECC_CURVE values this library accepts (TPM 2.0 Part 2 §6.4, TPM_ECC_CURVE). */
public enum EccCurve {
    NIST_P256(0x0003, "secp256r1", 32),
    NIST_P384(0x0004, "secp384r1", 48),
    NIST_P521(0x0005, "secp521r1", 66);

    private final int curveId;
    private final String stdName;
    private final int coordinateLength;

    EccCurve(int curveId, String stdName, int coordinateLength) {
        this.curveId = curveId;
        this.stdName = stdName;
        this.coordinateLength = coordinateLength;
    }

    /** TPM_ECC_CURVE as marshalled. */
    public int curveId() {
        return curveId;
    }

    /** SEC 2 name used by JCA ({@code secp256r1}). */
    public String stdName() {
        return stdName;
    }

    /** Size in bytes of a field element (a coordinate, or a scalar). */
    public int coordinateLength() {
        return coordinateLength;
    }

    static EccCurve fromCurveId(int id, long at, String field) throws EvidenceFormatException {
        for (EccCurve c : values()) {
            if (c.curveId == id) {
                return c;
            }
        }
        throw new EvidenceFormatException(at, field, String.format("unsupported ECC curve 0x%04x", id));
    }
}

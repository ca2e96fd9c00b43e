package dev.trustedcompute.trustagent.tpm;

import tss.tpm.TPMA_OBJECT;
import tss.tpm.TPMS_ECC_PARMS;
import tss.tpm.TPMS_ECC_POINT;
import tss.tpm.TPMS_NULL_KDF_SCHEME;
import tss.tpm.TPMS_RSA_PARMS;
import tss.tpm.TPMS_SIG_SCHEME_ECDSA;
import tss.tpm.TPMS_SIG_SCHEME_RSASSA;
import tss.tpm.TPMT_PUBLIC;
import tss.tpm.TPMT_SYM_DEF_OBJECT;
import tss.tpm.TPM2B_PUBLIC_KEY_RSA;
import tss.tpm.TPM_ALG_ID;
import tss.tpm.TPM_ECC_CURVE;

/**
 * The attestation key's algorithm. Both templates are restricted signing keys with a fixed SHA-256 scheme
 * (as {@code tpm2_createak} makes them), so every quote is signed the same way and HVS can pin the scheme.
 */
public enum AkAlgorithm {
    /** RSA-2048, RSASSA-PKCS1-v1_5 with SHA-256 (what Trustee's TPM verifier accepts). */
    RSA_2048("rsa"),
    /** NIST P-256, ECDSA with SHA-256. */
    ECC_P256("ecc");

    private final String label;

    AkAlgorithm(String label) {
        this.label = label;
    }

    /** {@code rsa} or {@code ecc}, as on the command line. */
    public String label() {
        return label;
    }

    public static AkAlgorithm fromLabel(String label) {
        for (AkAlgorithm a : values()) {
            if (a.label.equals(label)) {
                return a;
            }
        }
        throw new IllegalArgumentException("AK algorithm must be rsa or ecc, not '" + label + "'");
    }

    TPMT_PUBLIC template() {
        TPMA_OBJECT attributes = new TPMA_OBJECT(TPMA_OBJECT.fixedTPM, TPMA_OBJECT.fixedParent,
                TPMA_OBJECT.sensitiveDataOrigin, TPMA_OBJECT.userWithAuth, TPMA_OBJECT.restricted, TPMA_OBJECT.sign);
        return switch (this) {
            case RSA_2048 -> new TPMT_PUBLIC(TPM_ALG_ID.SHA256, attributes, new byte[0],
                    new TPMS_RSA_PARMS(TPMT_SYM_DEF_OBJECT.nullObject(), new TPMS_SIG_SCHEME_RSASSA(TPM_ALG_ID.SHA256),
                            2048, 0),
                    new TPM2B_PUBLIC_KEY_RSA());
            case ECC_P256 -> new TPMT_PUBLIC(TPM_ALG_ID.SHA256, attributes, new byte[0],
                    new TPMS_ECC_PARMS(TPMT_SYM_DEF_OBJECT.nullObject(), new TPMS_SIG_SCHEME_ECDSA(TPM_ALG_ID.SHA256),
                            TPM_ECC_CURVE.NIST_P256, new TPMS_NULL_KDF_SCHEME()),
                    new TPMS_ECC_POINT());
        };
    }
}

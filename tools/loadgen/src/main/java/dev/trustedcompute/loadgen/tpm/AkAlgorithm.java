package dev.trustedcompute.loadgen.tpm;

/** The attestation key types the simulator offers: the two a trust agent creates ({@code --ak-alg rsa|ecc}). */
public enum AkAlgorithm {
    /** RSA-2048, RSASSA-PKCS1-v1_5/SHA-256: the agent's default and what Trustee's verifier expects. */
    RSA,
    /** ECC NIST P-256, ECDSA/SHA-256: cheaper to sign, so more simulated agents per core. */
    ECC
}

package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.Arrays;

/**
 * TPMT_SIGNATURE (TPM 2.0 Part 2 §11.3.4), limited to the schemes of {@link SignatureScheme}:
 * <pre>
 * TPMI_ALG_SIG_SCHEME sigAlg;
 * TPMU_SIGNATURE      signature;  // selected by sigAlg:
 *   RSASSA, RSAPSS: TPMI_ALG_HASH hash; TPM2B_PUBLIC_KEY_RSA sig;
 *   ECDSA:          TPMI_ALG_HASH hash; TPM2B_ECC_PARAMETER signatureR; TPM2B_ECC_PARAMETER signatureS;
 * </pre>
 * For RSA schemes {@link #rsaSignature()} is set and r/s are empty; for ECDSA the reverse.
 */
public record TpmtSignature(SignatureScheme scheme, TpmHash hash, byte[] rsaSignature, byte[] ecdsaR, byte[] ecdsaS,
                            byte[] signatureBytes) {

    /** MAX_RSA_KEY_BYTES for 4096-bit keys. */
    static final int MAX_RSA = 512;
    /** MAX_ECC_KEY_BYTES for P-521. */
    static final int MAX_ECC = 66;

    public TpmtSignature {
        rsaSignature = rsaSignature.clone();
        ecdsaR = ecdsaR.clone();
        ecdsaS = ecdsaS.clone();
        signatureBytes = signatureBytes.clone();
    }

    /** Parses a complete TPMT_SIGNATURE (tpm2-tools {@code -s} default "tss" format); trailing bytes are rejected. */
    public static TpmtSignature parse(byte[] bytes) throws EvidenceFormatException {
        ByteReader in = ByteReader.bigEndian(bytes);
        int at = in.position();
        SignatureScheme scheme = SignatureScheme.fromAlgId(in.u16("TPMT_SIGNATURE.sigAlg"), at, "TPMT_SIGNATURE.sigAlg");
        int hashAt = in.position();
        TpmHash hash = TpmHash.fromAlgId(in.u16("TPMS_SIGNATURE.hash"), hashAt, "TPMS_SIGNATURE.hash");
        byte[] none = new byte[0];
        TpmtSignature sig;
        if (scheme.isRsa()) {
            byte[] s = in.tpm2b("TPMS_SIGNATURE_RSA.sig", MAX_RSA);
            in.expectEnd("TPMT_SIGNATURE");
            sig = new TpmtSignature(scheme, hash, s, none, none, bytes);
        } else {
            byte[] r = in.tpm2b("TPMS_SIGNATURE_ECC.signatureR", MAX_ECC);
            byte[] s = in.tpm2b("TPMS_SIGNATURE_ECC.signatureS", MAX_ECC);
            in.expectEnd("TPMT_SIGNATURE");
            sig = new TpmtSignature(scheme, hash, none, r, s, bytes);
        }
        return sig;
    }

    @Override
    public byte[] rsaSignature() {
        return rsaSignature.clone();
    }

    @Override
    public byte[] ecdsaR() {
        return ecdsaR.clone();
    }

    @Override
    public byte[] ecdsaS() {
        return ecdsaS.clone();
    }

    /** The exact bytes received. */
    @Override
    public byte[] signatureBytes() {
        return signatureBytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmtSignature s && Arrays.equals(s.signatureBytes, signatureBytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signatureBytes);
    }

    @Override
    public String toString() {
        return "TpmtSignature[" + scheme + "/" + hash + "]";
    }
}

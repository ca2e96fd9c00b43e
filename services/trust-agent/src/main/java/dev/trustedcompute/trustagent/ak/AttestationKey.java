package dev.trustedcompute.trustagent.ak;

import dev.trustedcompute.tpmquote.tpm.TpmtPublic;
import java.util.HexFormat;

/**
 * The node's AK as the agent uses it: the persistent handle to quote with and the public area HVS pinned.
 *
 * @param handle     persistent handle (0x81xxxxxx)
 * @param tpmtPublic the AK's TPMT_PUBLIC, as the TPM returned it
 */
public record AttestationKey(int handle, TpmtPublic tpmtPublic) {

    /** The TPM name (nameAlg || H(TPMT_PUBLIC)) as lower-case hex, as HVS reports it back. */
    public String nameHex() {
        return HexFormat.of().formatHex(tpmtPublic.name());
    }

    /** DER SubjectPublicKeyInfo of the AK (Trustee's {@code ak_public}). */
    public byte[] subjectPublicKeyInfo() {
        return tpmtPublic.publicKey().getEncoded();
    }
}

package dev.trustedcompute.trustagent.tpm;

import java.util.Optional;

/**
 * The TPM's RSA-2048 endorsement key.
 *
 * @param tpmtPublic  the EK's TPMT_PUBLIC as the TPM returned it
 * @param certificate the manufacturer's EK certificate (DER) from NV index 0x01C00002, when provisioned; it
 *                    certifies exactly this key (checked when read)
 */
public record EndorsementKey(byte[] tpmtPublic, Optional<byte[]> certificate) {
}

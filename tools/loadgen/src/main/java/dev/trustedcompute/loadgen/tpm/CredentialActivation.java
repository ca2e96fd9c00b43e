package dev.trustedcompute.loadgen.tpm;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TPM's side of TPM2_ActivateCredential for an ECC P-256 EK with AES-128-CFB and SHA-256 (TPM 2.0 Part 1
 * §24.4, Part 3 §12.5), written from the spec, independently of libs/tpm-quote's MakeCredential:
 * <pre>
 * encryptedSecret  TPM2B(TPMS_ECC_POINT ephemeral)
 * seed             KDFe(SHA-256, Z = ECDH(EK, ephemeral).x, "IDENTITY", ephemeral.x, EK.x, 256)
 * credentialBlob   TPM2B(TPM2B_DIGEST outerHMAC || encIdentity)
 * outerHMAC        must equal HMAC-SHA256(KDFa(seed, "INTEGRITY", "", "", 256), encIdentity || akName)
 * credential       TPM2B_DIGEST in AES-128-CFB^-1(KDFa(seed, "STORAGE", akName, "", 128), IV 0, encIdentity)
 * </pre>
 */
final class CredentialActivation {

    private CredentialActivation() {
    }

    static byte[] activate(PrivateKey ekPrivate, ECPublicKey ekPublic, byte[] akName, byte[] idObject,
            byte[] encryptedSecret) throws CredentialActivationException {
        try {
            ByteBuffer secret = ByteBuffer.wrap(tpm2b(ByteBuffer.wrap(encryptedSecret), "encryptedSecret", true));
            byte[] ux = tpm2b(secret, "TPMS_ECC_POINT.x", false);
            byte[] uy = tpm2b(secret, "TPMS_ECC_POINT.y", true);
            ECPublicKey ephemeral = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new ECPoint(new BigInteger(1, ux), new BigInteger(1, uy)), ekPublic.getParams()));
            KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
            ecdh.init(ekPrivate);
            ecdh.doPhase(ephemeral, true);
            byte[] z = ecdh.generateSecret();
            byte[] seed = kdfe(z, "IDENTITY", SoftTpm.unsigned(ephemeral.getW().getAffineX(), 32),
                    SoftTpm.unsigned(ekPublic.getW().getAffineX(), 32));

            ByteBuffer blob = ByteBuffer.wrap(tpm2b(ByteBuffer.wrap(idObject), "credentialBlob", true));
            byte[] outerHmac = tpm2b(blob, "outerHMAC", false);
            byte[] encIdentity = new byte[blob.remaining()];
            blob.get(encIdentity);
            byte[] hmacKey = kdfa(seed, "INTEGRITY", new byte[0], 256);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            mac.update(encIdentity);
            mac.update(akName);
            if (!MessageDigest.isEqual(mac.doFinal(), outerHmac)) {
                throw new CredentialActivationException("TPM_RC_INTEGRITY: outer HMAC mismatch (another EK or AK name)");
            }
            Cipher aes = Cipher.getInstance("AES/CFB/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kdfa(seed, "STORAGE", akName, 128), "AES"),
                    new IvParameterSpec(new byte[16]));
            return tpm2b(ByteBuffer.wrap(aes.doFinal(encIdentity)), "credential", true);
        } catch (GeneralSecurityException e) {
            throw new CredentialActivationException("TPM_RC_VALUE: " + e.getMessage());
        }
    }

    /** SP800-108 counter-mode KDF with HMAC-SHA256 (Part 1 §11.4.10.2), contextV empty. */
    private static byte[] kdfa(byte[] key, String label, byte[] contextU, int bits) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] out = new byte[bits / 8];
        for (int counter = 1, at = 0; at < out.length; counter++, at += 32) {
            mac.update(ByteBuffer.allocate(4).putInt(counter).array());
            mac.update(label(label));
            mac.update(contextU);
            mac.update(ByteBuffer.allocate(4).putInt(bits).array());
            byte[] block = mac.doFinal();
            System.arraycopy(block, 0, out, at, Math.min(32, out.length - at));
        }
        return out;
    }

    /** SP800-56A concatenation KDF with SHA-256 (Part 1 §11.4.10.3), 256 bits: one block. */
    private static byte[] kdfe(byte[] z, String label, byte[] partyU, byte[] partyV) {
        MessageDigest sha256 = SoftTpm.sha256();
        sha256.update(ByteBuffer.allocate(4).putInt(1).array());
        sha256.update(z);
        sha256.update(label(label));
        sha256.update(partyU);
        sha256.update(partyV);
        return sha256.digest();
    }

    private static byte[] label(String label) {
        byte[] ascii = label.getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(ascii, ascii.length + 1);
    }

    /** Reads a TPM2B; {@code last} requires it to end the buffer. */
    private static byte[] tpm2b(ByteBuffer in, String field, boolean last) throws CredentialActivationException {
        if (in.remaining() < 2) {
            throw new CredentialActivationException("TPM_RC_SIZE: " + field + " truncated");
        }
        int size = in.getShort() & 0xffff;
        if (in.remaining() < size || (last && in.remaining() != size)) {
            throw new CredentialActivationException("TPM_RC_SIZE: " + field + " says " + size + " bytes, "
                    + in.remaining() + " follow");
        }
        byte[] b = new byte[size];
        in.get(b);
        return b;
    }
}

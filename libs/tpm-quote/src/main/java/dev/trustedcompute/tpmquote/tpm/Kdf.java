package dev.trustedcompute.tpmquote.tpm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The TPM key derivation functions (TPM 2.0 Part 1 §11.4.10). */
final class Kdf {

    private Kdf() {
    }

    /**
     * KDFa, SP800-108 counter mode with HMAC:
     * {@code K(i) = HMAC_key([i]32 || label || 0x00 || contextU || contextV || [bits]32)}, output truncated to
     * {@code bits} (a multiple of 8 here).
     */
    static byte[] kdfa(TpmHash hash, byte[] key, String label, byte[] contextU, byte[] contextV, int bits) {
        try {
            String alg = "Hmac" + hash.jcaName().replace("-", "");
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(key, alg));
            return expand(bits, counter -> {
                mac.update(u32(counter));
                mac.update(labelBytes(label));
                mac.update(contextU);
                mac.update(contextV);
                mac.update(u32(bits));
                return mac.doFinal();
            });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * KDFe, SP800-56A concatenation KDF:
     * {@code K(i) = H([i]32 || Z || label || 0x00 || partyUInfo || partyVInfo)}, truncated to {@code bits}.
     */
    static byte[] kdfe(TpmHash hash, byte[] z, String label, byte[] partyU, byte[] partyV, int bits) {
        MessageDigest md = hash.newDigest();
        return expand(bits, counter -> {
            md.update(u32(counter));
            md.update(z);
            md.update(labelBytes(label));
            md.update(partyU);
            md.update(partyV);
            return md.digest();
        });
    }

    private interface Block {
        byte[] compute(int counter) throws GeneralSecurityException;
    }

    private static byte[] expand(int bits, Block block) {
        if (bits <= 0 || bits % 8 != 0) {
            throw new IllegalArgumentException("bits must be a positive multiple of 8: " + bits);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (int counter = 1; out.size() < bits / 8; counter++) {
                out.writeBytes(block.compute(counter));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return java.util.Arrays.copyOf(out.toByteArray(), bits / 8);
    }

    /** The label with its terminating zero byte (Part 1: "the label ... includes the terminating null"). */
    static byte[] labelBytes(String label) {
        byte[] ascii = label.getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(ascii, ascii.length + 1);
    }

    static byte[] u32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}

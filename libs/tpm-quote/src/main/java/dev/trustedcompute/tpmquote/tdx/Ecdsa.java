package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

/** ECDSA P-256 / SHA-256 with raw r||s signatures, as used throughout Intel DCAP. */
final class Ecdsa {

    private static final ECParameterSpec P256 = p256();

    private Ecdsa() {
    }

    /** A P-256 public key from raw X||Y (64 bytes); a point off the curve is a bad signature key. */
    static PublicKey p256Key(byte[] xy, String what) throws VerificationException {
        try {
            ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(xy, 0, 32)),
                    new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VerificationException(Reason.SIGNATURE_INVALID, what + " is not a valid P-256 public key", e);
        }
    }

    /** True if {@code rs} (r||s, 64 bytes) is a valid ECDSA-SHA256 signature of {@code data}. */
    static boolean verify(PublicKey key, byte[] data, byte[] rs, String what) throws VerificationException {
        try {
            Signature sig = Signature.getInstance("SHA256withECDSAinP1363Format");
            sig.initVerify(key);
            sig.update(data);
            return sig.verify(rs);
        } catch (java.security.InvalidKeyException e) {
            throw new VerificationException(Reason.UNSUPPORTED_ALGORITHM, what + ": key is not an EC P-256 key", e);
        } catch (java.security.SignatureException e) {
            return false; // malformed r||s (e.g. zero or >= n) is simply not a valid signature
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 is not available in this JDK", e);
        }
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is not available in this JDK", e);
        }
    }
}

package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server side of TPM2_MakeCredential / TPM2_ActivateCredential (TPM 2.0 Part 1 §24, Part 3 §12.6): proves
 * that an AK (identified by its name) lives in the same TPM as an EK. The verifier calls {@link #make},
 * sends {@link #idObject()} and {@link #encryptedSecret()} to the agent, whose TPM can only recover the
 * secret if it holds the EK's private key and has the AK with that exact name loaded; the agent returns the
 * secret and the verifier checks it with {@link #verifyActivated}.
 *
 * <pre>
 * seed            RSA EK: random, |H_nameAlg| bytes, sent as RSA-OAEP(EK, seed, label "IDENTITY\0", H_nameAlg)
 *                 ECC EK: KDFe(H, Z=ECDH(ephemeral, EK).x, "IDENTITY", ephemeral.x, EK.x); sent as the
 *                         ephemeral TPMS_ECC_POINT
 * symKey          KDFa(H, seed, "STORAGE", akName, "", EK symmetric keyBits)
 * encIdentity     AES-CFB(symKey, IV 0, TPM2B_DIGEST(credential))
 * hmacKey         KDFa(H, seed, "INTEGRITY", "", "", |H| * 8)
 * outerHMAC       HMAC_H(hmacKey, encIdentity || akName)
 * TPM2B_ID_OBJECT size || TPM2B_DIGEST(outerHMAC) || encIdentity
 * </pre>
 */
public final class CredentialChallenge {

    private static final int TPM_ALG_AES = 0x0006;
    private static final int TPM_ALG_CFB = 0x0043;

    private final byte[] idObject;
    private final byte[] encryptedSecret;
    private final byte[] credential;

    private CredentialChallenge(byte[] idObject, byte[] encryptedSecret, byte[] credential) {
        this.idObject = idObject;
        this.encryptedSecret = encryptedSecret;
        this.credential = credential;
    }

    /** MakeCredential for the AK described by {@code ak} (its name is computed from the bytes received). */
    public static CredentialChallenge make(TpmtPublic ek, TpmtPublic ak, byte[] credential, SecureRandom random)
            throws VerificationException {
        return make(ek, ak.name(), credential, random);
    }

    /**
     * MakeCredential for an AK name ({@code nameAlg || digest}).
     *
     * @param ek         the endorsement key: a restricted decryption (storage) key with AES-CFB symmetric
     *                   parameters, as every TCG EK template has; anything else is {@code KEY_MISMATCH}
     * @param credential the secret, at most the size of the EK's nameAlg digest
     */
    public static CredentialChallenge make(TpmtPublic ek, byte[] akName, byte[] credential, SecureRandom random)
            throws VerificationException {
        if (!ek.hasAttributes(TpmtPublic.RESTRICTED | TpmtPublic.DECRYPT) || ek.hasAttributes(TpmtPublic.SIGN_ENCRYPT)) {
            throw new VerificationException(Reason.KEY_MISMATCH, String.format(
                    "EK objectAttributes 0x%08x are not those of a restricted decryption key", ek.objectAttributes()));
        }
        TpmtPublic.SymmetricDefinition sym = ek.parameters().symmetric();
        if (sym.algId() != TPM_ALG_AES || sym.mode() != TPM_ALG_CFB || (sym.keyBits() != 128 && sym.keyBits() != 256)) {
            throw new VerificationException(Reason.UNSUPPORTED_ALGORITHM, String.format(
                    "EK symmetric algorithm 0x%04x/%d/0x%04x, expected AES-128/256-CFB", sym.algId(), sym.keyBits(),
                    sym.mode()));
        }
        TpmHash h = ek.nameAlg();
        if (credential.length == 0 || credential.length > h.digestLength()) {
            throw new IllegalArgumentException("credential must be 1.." + h.digestLength() + " bytes");
        }
        byte[][] seedAndSecret = ek.isRsa() ? rsaSeed(ek, random) : eccSeed(ek, random);
        byte[] seed = seedAndSecret[0];
        byte[] symKey = Kdf.kdfa(h, seed, "STORAGE", akName, new byte[0], sym.keyBits());
        byte[] encIdentity = aesCfb(symKey, tpm2b(credential));
        byte[] hmacKey = Kdf.kdfa(h, seed, "INTEGRITY", new byte[0], new byte[0], h.digestLength() * 8);
        byte[] outerHmac = hmac(h, hmacKey, encIdentity, akName);
        byte[] idObject = tpm2b(concat(tpm2b(outerHmac), encIdentity));
        return new CredentialChallenge(idObject, tpm2b(seedAndSecret[1]), credential.clone());
    }

    private static byte[][] rsaSeed(TpmtPublic ek, SecureRandom random) {
        TpmHash h = ek.nameAlg();
        byte[] seed = new byte[h.digestLength()];
        random.nextBytes(seed);
        try {
            Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
            oaep.init(Cipher.ENCRYPT_MODE, ek.publicKey(), new OAEPParameterSpec(h.jcaName(), "MGF1",
                    new MGF1ParameterSpec(h.jcaName()), new PSource.PSpecified(Kdf.labelBytes("IDENTITY"))), random);
            return new byte[][] {seed, oaep.doFinal(seed)};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP with " + h + " unavailable", e);
        }
    }

    private static byte[][] eccSeed(TpmtPublic ek, SecureRandom random) {
        TpmHash h = ek.nameAlg();
        EccCurve curve = ((TpmtPublic.EccParameters) ek.parameters()).curve();
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve.stdName()), random);
            KeyPair ephemeral = g.generateKeyPair();
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(ephemeral.getPrivate());
            ka.doPhase(ek.publicKey(), true);
            byte[] z = ka.generateSecret(); // x coordinate, fixed length
            ECPublicKey pub = (ECPublicKey) ephemeral.getPublic();
            byte[] ux = fixed(pub.getW().getAffineX(), curve.coordinateLength());
            byte[] uy = fixed(pub.getW().getAffineY(), curve.coordinateLength());
            byte[] vx = fixed(new BigInteger(1, ek.eccX()), curve.coordinateLength());
            byte[] seed = Kdf.kdfe(h, z, "IDENTITY", ux, vx, h.digestLength() * 8);
            return new byte[][] {seed, concat(tpm2b(ux), tpm2b(uy))};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDH on " + curve + " unavailable", e);
        }
    }

    private static byte[] aesCfb(byte[] key, byte[] plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/CFB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(TpmHash h, byte[] key, byte[]... parts) {
        try {
            String alg = "Hmac" + h.jcaName().replace("-", "");
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(key, alg));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] fixed(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        if (b.length == length) {
            return b;
        }
        if (b.length > length) {
            return Arrays.copyOfRange(b, b.length - length, b.length);
        }
        byte[] out = new byte[length];
        System.arraycopy(b, 0, out, length - b.length, b.length);
        return out;
    }

    static byte[] tpm2b(byte[] content) {
        return concat(new byte[] {(byte) (content.length >> 8), (byte) content.length}, content);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** TPM2B_ID_OBJECT (with its u16 size), the {@code credentialBlob} parameter of TPM2_ActivateCredential. */
    public byte[] idObject() {
        return idObject.clone();
    }

    /** TPM2B_ENCRYPTED_SECRET (with its u16 size), the {@code secret} parameter of TPM2_ActivateCredential. */
    public byte[] encryptedSecret() {
        return encryptedSecret.clone();
    }

    /**
     * The file {@code tpm2_makecredential -o} writes and {@code tpm2_activatecredential -i} reads:
     * u32 0xBADCC0DE, u32 version 1, TPM2B_ID_OBJECT, TPM2B_ENCRYPTED_SECRET (all big-endian).
     */
    public byte[] tpm2ToolsCredentialFile() {
        return concat(new byte[] {(byte) 0xba, (byte) 0xdc, (byte) 0xc0, (byte) 0xde, 0, 0, 0, 1}, idObject,
                encryptedSecret);
    }

    /** Checks, in constant time, the secret the agent's TPM recovered; a mismatch is {@code CREDENTIAL_MISMATCH}. */
    public void verifyActivated(byte[] returned) throws VerificationException {
        if (!MessageDigest.isEqual(returned, credential)) {
            throw new VerificationException(Reason.CREDENTIAL_MISMATCH,
                    "the activated credential (" + returned.length + " bytes) differs from the one issued");
        }
    }
}

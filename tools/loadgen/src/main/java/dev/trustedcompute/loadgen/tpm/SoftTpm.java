package dev.trustedcompute.loadgen.tpm;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.SortedMap;

/**
 * One simulated TPM: an ECC P-256 EK with the TCG default template and an AK in the endorsement hierarchy, as the
 * trust agent creates them. Thread-safe: a {@link Signature} is made per quote.
 */
public final class SoftTpm {

    static final int TPM_ALG_RSA = 0x0001;
    static final int TPM_ALG_SHA256 = 0x000B;
    static final int TPM_ALG_NULL = 0x0010;
    static final int TPM_ALG_RSASSA = 0x0014;
    static final int TPM_ALG_ECDSA = 0x0018;
    static final int TPM_ALG_ECC = 0x0023;
    static final int TPM_ALG_AES = 0x0006;
    static final int TPM_ALG_CFB = 0x0043;
    static final int TPM_ECC_NIST_P256 = 0x0003;
    private static final long TPM_GENERATED_VALUE = 0xff544347L;
    private static final int TPM_ST_ATTEST_QUOTE = 0x8018;

    /** fixedTPM | fixedParent | sensitiveDataOrigin | adminWithPolicy | restricted | decrypt (EK profile, L-2). */
    private static final long EK_ATTRIBUTES = 0x000300B2L;
    /** fixedTPM | fixedParent | sensitiveDataOrigin | userWithAuth | restricted | sign (tpm2_createak). */
    private static final long AK_ATTRIBUTES = 0x00050072L;
    /** PolicySecret(TPM_RH_ENDORSEMENT), the authPolicy of every TCG default EK template. */
    private static final byte[] EK_POLICY = java.util.HexFormat.of()
            .parseHex("837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa");

    private final KeyPair ek;
    private final byte[] ekPublic;
    private final AkAlgorithm akAlgorithm;
    private final KeyPair ak;
    private final byte[] akPublic;
    private final byte[] akName;
    private final long resetCount;
    private final long bornAtMillis = System.currentTimeMillis();

    private SoftTpm(KeyPair ek, AkAlgorithm akAlgorithm, KeyPair ak, long resetCount) {
        this.ek = ek;
        this.ekPublic = eccPublic(EK_ATTRIBUTES, EK_POLICY, true, (ECPublicKey) ek.getPublic());
        this.akAlgorithm = akAlgorithm;
        this.ak = ak;
        this.akPublic = akAlgorithm == AkAlgorithm.RSA ? rsaAkPublic((RSAPublicKey) ak.getPublic())
                : eccPublic(AK_ATTRIBUTES, new byte[0], false, (ECPublicKey) ak.getPublic());
        this.akName = name(akPublic);
        this.resetCount = resetCount;
    }

    /** A TPM with fresh keys; {@code resetCount} is what its quotes report in TPMS_CLOCK_INFO. */
    public static SoftTpm create(AkAlgorithm akAlgorithm, long resetCount, SecureRandom random) {
        try {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair ak;
            if (akAlgorithm == AkAlgorithm.RSA) {
                KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                rsa.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
                ak = rsa.generateKeyPair();
            } else {
                ak = ec.generateKeyPair();
            }
            return new SoftTpm(ec.generateKeyPair(), akAlgorithm, ak, resetCount);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks EC P-256 or RSA-2048 key generation", e);
        }
    }

    /** The EK's TPMT_PUBLIC (no TPM2B size), as HVS's onboarding takes it. */
    public byte[] ekPublic() {
        return ekPublic.clone();
    }

    /** The AK's TPMT_PUBLIC (no TPM2B size). */
    public byte[] akPublic() {
        return akPublic.clone();
    }

    /** The AK's name: nameAlg || SHA-256(TPMT_PUBLIC). */
    public byte[] akName() {
        return akName.clone();
    }

    /** The AK as DER SubjectPublicKeyInfo ({@code tpm2_readpublic -f der}), Trustee's {@code ak_public}. */
    public byte[] akSubjectPublicKeyInfo() {
        return ak.getPublic().getEncoded();
    }

    public AkAlgorithm akAlgorithm() {
        return akAlgorithm;
    }

    /**
     * TPM2_Quote over SHA-256 PCRs: the TPMS_ATTEST (qualifiedSigner = AK name, extraData, clock info, a
     * one-bank TPML_PCR_SELECTION and pcrDigest = SHA-256 of the values in ascending order) and the AK's
     * TPMT_SIGNATURE over it.
     */
    public Quote quote(byte[] extraData, SortedMap<Integer, byte[]> sha256Pcrs) {
        MessageDigest sha256 = sha256();
        sha256Pcrs.values().forEach(sha256::update);
        byte[] select = new byte[3];
        for (int index : sha256Pcrs.keySet()) {
            if (index < 0 || index > 23) {
                throw new IllegalArgumentException("PCR index " + index + " outside 0..23");
            }
            select[index / 8] |= (byte) (1 << (index % 8));
        }
        byte[] attest = new TpmWriter()
                .u32(TPM_GENERATED_VALUE).u16(TPM_ST_ATTEST_QUOTE)
                .tpm2b(akName).tpm2b(extraData)
                .u64(System.currentTimeMillis() - bornAtMillis).u32(resetCount).u32(0).u8(1)   // TPMS_CLOCK_INFO
                .u64(0x2023_0101_0000_0000L)                                                    // firmwareVersion
                .u32(1).u16(TPM_ALG_SHA256).u8(select.length).bytes(select)                     // TPML_PCR_SELECTION
                .tpm2b(sha256.digest())                                                         // pcrDigest
                .toByteArray();
        return new Quote(attest, sign(attest));
    }

    /**
     * TPM2_ActivateCredential with this TPM's EK and AK: recovers the secret HVS made with MakeCredential, or fails
     * (as a TPM would with TPM_RC_INTEGRITY) when the credential was made for another EK or AK name.
     */
    public byte[] activateCredential(byte[] idObject, byte[] encryptedSecret) throws CredentialActivationException {
        return CredentialActivation.activate(ek.getPrivate(), (ECPublicKey) ek.getPublic(), akName, idObject,
                encryptedSecret);
    }

    private byte[] sign(byte[] attest) {
        try {
            PrivateKey key = ak.getPrivate();
            if (akAlgorithm == AkAlgorithm.RSA) {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(key);
                s.update(attest);
                return new TpmWriter().u16(TPM_ALG_RSASSA).u16(TPM_ALG_SHA256).tpm2b(s.sign()).toByteArray();
            }
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key);
            s.update(attest);
            byte[] rs = s.sign();
            return new TpmWriter().u16(TPM_ALG_ECDSA).u16(TPM_ALG_SHA256)
                    .tpm2b(Arrays.copyOfRange(rs, 0, 32)).tpm2b(Arrays.copyOfRange(rs, 32, 64)).toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with the simulated AK failed", e);
        }
    }

    private static byte[] rsaAkPublic(RSAPublicKey key) {
        return new TpmWriter().u16(TPM_ALG_RSA).u16(TPM_ALG_SHA256).u32(AK_ATTRIBUTES).tpm2b(new byte[0])
                .u16(TPM_ALG_NULL)                                   // symmetric
                .u16(TPM_ALG_RSASSA).u16(TPM_ALG_SHA256)            // scheme
                .u16(2048).u32(0)                                    // keyBits, exponent (0 = 65537)
                .tpm2b(unsigned(key.getModulus(), 256))
                .toByteArray();
    }

    private static byte[] eccPublic(long attributes, byte[] policy, boolean storage, ECPublicKey key) {
        TpmWriter w = new TpmWriter().u16(TPM_ALG_ECC).u16(TPM_ALG_SHA256).u32(attributes).tpm2b(policy);
        if (storage) {
            w.u16(TPM_ALG_AES).u16(128).u16(TPM_ALG_CFB).u16(TPM_ALG_NULL);   // symmetric, scheme
        } else {
            w.u16(TPM_ALG_NULL).u16(TPM_ALG_ECDSA).u16(TPM_ALG_SHA256);
        }
        return w.u16(TPM_ECC_NIST_P256).u16(TPM_ALG_NULL)                     // curveID, kdf
                .tpm2b(unsigned(key.getW().getAffineX(), 32)).tpm2b(unsigned(key.getW().getAffineY(), 32))
                .toByteArray();
    }

    private static byte[] name(byte[] tpmtPublic) {
        return new TpmWriter().u16(TPM_ALG_SHA256).bytes(sha256().digest(tpmtPublic)).toByteArray();
    }

    /** {@code v} big-endian in exactly {@code length} bytes. */
    static byte[] unsigned(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        if (b.length == length) {
            return b;
        }
        byte[] out = new byte[length];
        int copy = Math.min(b.length, length);
        System.arraycopy(b, b.length - copy, out, length - copy, copy);
        return out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A quote as TPM2_Quote returns it (contents of TPM2B_ATTEST) and its TPMT_SIGNATURE. */
    public record Quote(byte[] attest, byte[] signature) {
    }
}

package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * TPMT_PUBLIC (TPM 2.0 Part 2 §12.2.4) for RSA and ECC keys:
 * <pre>
 * TPMI_ALG_PUBLIC   type;              // 0x0001 RSA, 0x0023 ECC
 * TPMI_ALG_HASH     nameAlg;
 * TPMA_OBJECT       objectAttributes;  // UINT32 bit field
 * TPM2B_DIGEST      authPolicy;
 * TPMU_PUBLIC_PARMS parameters;        // RSA: symmetric, scheme, keyBits, exponent
 *                                      // ECC: symmetric, scheme, curveID, kdf
 * TPMU_PUBLIC_ID    unique;            // RSA: TPM2B modulus; ECC: TPMS_ECC_POINT (TPM2B x, TPM2B y)
 * </pre>
 * The key is checked while parsing (modulus size matches keyBits, ECC point on the named curve), so
 * {@link #publicKey()} cannot fail for a parsed object. {@link #publicBytes()} are the bytes received;
 * {@link #name()} hashes them, never a re-encoding.
 */
public record TpmtPublic(int type, TpmHash nameAlg, long objectAttributes, byte[] authPolicy, Parameters parameters,
                         byte[] rsaModulus, byte[] eccX, byte[] eccY, byte[] publicBytes) {

    public static final int TPM_ALG_RSA = 0x0001;
    public static final int TPM_ALG_ECC = 0x0023;
    static final int TPM_ALG_NULL = 0x0010;

    /** TPMA_OBJECT bits (Part 2 §8.3). */
    public static final long FIXED_TPM = 1L << 1;
    public static final long FIXED_PARENT = 1L << 4;
    public static final long SENSITIVE_DATA_ORIGIN = 1L << 5;
    public static final long USER_WITH_AUTH = 1L << 6;
    public static final long ADMIN_WITH_POLICY = 1L << 7;
    public static final long RESTRICTED = 1L << 16;
    public static final long DECRYPT = 1L << 17;
    public static final long SIGN_ENCRYPT = 1L << 18;

    static final int MAX_PUBLIC = 1024;

    /** An algorithm with an optional hash, as in TPMT_RSA_SCHEME, TPMT_ECC_SCHEME and TPMT_KDF_SCHEME. */
    public record Scheme(int algId, int hashAlgId) {
        /** TPM_ALG_NULL with no details. */
        public static final Scheme NULL = new Scheme(TPM_ALG_NULL, TPM_ALG_NULL);

        public boolean isNull() {
            return algId == TPM_ALG_NULL;
        }

        @Override
        public String toString() {
            return String.format("0x%04x/0x%04x", algId, hashAlgId);
        }
    }

    /** TPMT_SYM_DEF_OBJECT: {@code algorithm} (0x0010 = none), key bits and mode when present. */
    public record SymmetricDefinition(int algId, int keyBits, int mode) {
        public static final SymmetricDefinition NULL = new SymmetricDefinition(TPM_ALG_NULL, 0, 0);

        public boolean isNull() {
            return algId == TPM_ALG_NULL;
        }
    }

    /** TPMU_PUBLIC_PARMS for the two supported key types. */
    public sealed interface Parameters {
        SymmetricDefinition symmetric();

        Scheme scheme();
    }

    /** TPMS_RSA_PARMS; {@code exponent} is already 65537 when the wire said 0. */
    public record RsaParameters(SymmetricDefinition symmetric, Scheme scheme, int keyBits, long exponent)
            implements Parameters {
    }

    /** TPMS_ECC_PARMS. */
    public record EccParameters(SymmetricDefinition symmetric, Scheme scheme, EccCurve curve, Scheme kdf)
            implements Parameters {
    }

    public TpmtPublic {
        authPolicy = authPolicy.clone();
        rsaModulus = rsaModulus.clone();
        eccX = eccX.clone();
        eccY = eccY.clone();
        publicBytes = publicBytes.clone();
    }

    /** Parses a complete TPMT_PUBLIC; trailing bytes are rejected. */
    public static TpmtPublic parse(byte[] bytes) throws EvidenceFormatException {
        if (bytes.length > MAX_PUBLIC) {
            throw new EvidenceFormatException(0, "TPMT_PUBLIC", "length " + bytes.length + " exceeds " + MAX_PUBLIC);
        }
        ByteReader in = ByteReader.bigEndian(bytes);
        TpmtPublic pub = read(in, bytes);
        in.expectEnd("TPMT_PUBLIC");
        return pub;
    }

    /** Parses a TPM2B_PUBLIC (u16 size + TPMT_PUBLIC), e.g. tpm2-tools {@code -u} output files. */
    public static TpmtPublic parseTpm2b(byte[] bytes) throws EvidenceFormatException {
        ByteReader in = ByteReader.bigEndian(bytes);
        byte[] inner = in.tpm2b("TPM2B_PUBLIC", MAX_PUBLIC);
        in.expectEnd("TPM2B_PUBLIC");
        try {
            return parse(inner);
        } catch (EvidenceFormatException e) {
            // report offsets in the outer buffer
            throw new EvidenceFormatException(e.offset() < 0 ? -1 : e.offset() + 2, e.field(), e.getMessage(), e);
        }
    }

    private static TpmtPublic read(ByteReader in, byte[] raw) throws EvidenceFormatException {
        int at = in.position();
        int type = in.u16("TPMT_PUBLIC.type");
        if (type != TPM_ALG_RSA && type != TPM_ALG_ECC) {
            throw new EvidenceFormatException(at, "TPMT_PUBLIC.type", String.format("unsupported key type 0x%04x", type));
        }
        at = in.position();
        TpmHash nameAlg = TpmHash.fromAlgId(in.u16("TPMT_PUBLIC.nameAlg"), at, "TPMT_PUBLIC.nameAlg");
        long attributes = in.u32("TPMT_PUBLIC.objectAttributes");
        byte[] authPolicy = in.tpm2b("TPMT_PUBLIC.authPolicy", TpmsAttest.MAX_DIGEST);
        SymmetricDefinition symmetric = readSymmetric(in);
        byte[] none = new byte[0];
        if (type == TPM_ALG_RSA) {
            Scheme scheme = readScheme(in, "TPMS_RSA_PARMS.scheme");
            int bitsAt = in.position();
            int keyBits = in.u16("TPMS_RSA_PARMS.keyBits");
            if (keyBits < 1024 || keyBits > 4096 || keyBits % 8 != 0) {
                throw new EvidenceFormatException(bitsAt, "TPMS_RSA_PARMS.keyBits", "unsupported key size " + keyBits);
            }
            int expAt = in.position();
            long exponent = in.u32("TPMS_RSA_PARMS.exponent");
            if (exponent == 0) {
                exponent = 65537; // Part 2 §12.2.3.5: zero means the default exponent 2^16+1
            } else if (exponent < 3 || exponent % 2 == 0) {
                throw new EvidenceFormatException(expAt, "TPMS_RSA_PARMS.exponent", "invalid RSA exponent " + exponent);
            }
            int modAt = in.position();
            byte[] modulus = in.tpm2b("TPM2B_PUBLIC_KEY_RSA", TpmtSignature.MAX_RSA);
            if (modulus.length != keyBits / 8 || (modulus[0] & 0x80) == 0) {
                throw new EvidenceFormatException(modAt, "TPM2B_PUBLIC_KEY_RSA",
                        "modulus of " + modulus.length + " bytes does not have keyBits " + keyBits);
            }
            return new TpmtPublic(type, nameAlg, attributes, authPolicy,
                    new RsaParameters(symmetric, scheme, keyBits, exponent), modulus, none, none, raw);
        }
        Scheme scheme = readScheme(in, "TPMS_ECC_PARMS.scheme");
        int curveAt = in.position();
        EccCurve curve = EccCurve.fromCurveId(in.u16("TPMS_ECC_PARMS.curveID"), curveAt, "TPMS_ECC_PARMS.curveID");
        Scheme kdf = readScheme(in, "TPMS_ECC_PARMS.kdf");
        int pointAt = in.position();
        byte[] x = in.tpm2b("TPMS_ECC_POINT.x", TpmtSignature.MAX_ECC);
        byte[] y = in.tpm2b("TPMS_ECC_POINT.y", TpmtSignature.MAX_ECC);
        if (!onCurve(curve, x, y)) {
            throw new EvidenceFormatException(pointAt, "TPMS_ECC_POINT", "point is not on " + curve);
        }
        return new TpmtPublic(type, nameAlg, attributes, authPolicy, new EccParameters(symmetric, scheme, curve, kdf),
                none, x, y, raw);
    }

    private static SymmetricDefinition readSymmetric(ByteReader in) throws EvidenceFormatException {
        int at = in.position();
        int alg = in.u16("TPMT_SYM_DEF_OBJECT.algorithm");
        if (alg == TPM_ALG_NULL) {
            return SymmetricDefinition.NULL;
        }
        // AES, SM4, CAMELLIA all marshal keyBits + mode; XOR is not allowed in a TPMT_SYM_DEF_OBJECT
        if (alg != 0x0006 && alg != 0x0013 && alg != 0x0026) {
            throw new EvidenceFormatException(at, "TPMT_SYM_DEF_OBJECT.algorithm",
                    String.format("unsupported symmetric algorithm 0x%04x", alg));
        }
        int bits = in.u16("TPMT_SYM_DEF_OBJECT.keyBits");
        int mode = in.u16("TPMT_SYM_DEF_OBJECT.mode");
        return new SymmetricDefinition(alg, bits, mode);
    }

    /** Asymmetric/KDF scheme: an algorithm, then a hash unless NULL or RSAES (which has empty details). */
    private static Scheme readScheme(ByteReader in, String field) throws EvidenceFormatException {
        int at = in.position();
        int alg = in.u16(field + ".scheme");
        if (alg == TPM_ALG_NULL || alg == 0x0015 /* RSAES */) {
            return new Scheme(alg, TPM_ALG_NULL);
        }
        switch (alg) {
            // RSASSA, RSAPSS, OAEP, ECDSA, ECDH, SM2, ECSCHNORR, ECMQV, MGF1, KDF1_56A, KDF2, KDF1_108
            case 0x0014, 0x0016, 0x0017, 0x0018, 0x0019, 0x001B, 0x001C, 0x001D, 0x0007, 0x0020, 0x0021, 0x0022 -> {
                return new Scheme(alg, in.u16(field + ".hashAlg"));
            }
            case 0x001A -> { // ECDAA: hashAlg + count
                int hash = in.u16(field + ".hashAlg");
                in.u16(field + ".count");
                return new Scheme(alg, hash);
            }
            default -> throw new EvidenceFormatException(at, field, String.format("unsupported scheme 0x%04x", alg));
        }
    }

    private static boolean onCurve(EccCurve curve, byte[] x, byte[] y) {
        X9ECParameters params = CustomNamedCurves.getByName(curve.stdName());
        BigInteger bx = new BigInteger(1, x);
        BigInteger by = new BigInteger(1, y);
        try {
            return params.getCurve().validatePoint(bx, by).isValid();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** true for an RSA key. */
    public boolean isRsa() {
        return type == TPM_ALG_RSA;
    }

    /** true when every bit of {@code mask} (e.g. {@link #RESTRICTED} | {@link #SIGN_ENCRYPT}) is set. */
    public boolean hasAttributes(long mask) {
        return (objectAttributes & mask) == mask;
    }

    /** TPM name: nameAlg (2 bytes, big-endian) || H_nameAlg(TPMT_PUBLIC as received). Part 1 §16. */
    public byte[] name() {
        byte[] digest = nameAlg.digest(publicBytes);
        byte[] name = new byte[2 + digest.length];
        name[0] = (byte) (nameAlg.algId() >> 8);
        name[1] = (byte) nameAlg.algId();
        System.arraycopy(digest, 0, name, 2, digest.length);
        return name;
    }

    /** The key as a JCA {@link PublicKey} (RSA or EC). */
    public PublicKey publicKey() {
        try {
            if (isRsa()) {
                RsaParameters p = (RsaParameters) parameters;
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, rsaModulus), BigInteger.valueOf(p.exponent())));
            }
            EccParameters p = (EccParameters) parameters;
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec(p.curve().stdName()));
            ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new ECPoint(new BigInteger(1, eccX), new BigInteger(1, eccY)), spec));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot build a key that was validated while parsing", e);
        }
    }

    @Override
    public byte[] authPolicy() {
        return authPolicy.clone();
    }

    @Override
    public byte[] rsaModulus() {
        return rsaModulus.clone();
    }

    @Override
    public byte[] eccX() {
        return eccX.clone();
    }

    @Override
    public byte[] eccY() {
        return eccY.clone();
    }

    /** The exact TPMT_PUBLIC bytes received. */
    @Override
    public byte[] publicBytes() {
        return publicBytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmtPublic p && Arrays.equals(p.publicBytes, publicBytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicBytes);
    }

    @Override
    public String toString() {
        return String.format("TpmtPublic[type=0x%04x, nameAlg=%s, attributes=0x%08x, %s, name=%s]", type, nameAlg,
                objectAttributes, parameters, HexFormat.of().formatHex(name()));
    }
}

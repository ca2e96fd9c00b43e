package dev.trustedcompute.tpmquote.tpm;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * A software stand-in for a TPM AK: marshals its TPMT_PUBLIC and signs hand-built TPMS_ATTEST structures.
 * Used only where a real TPM cannot produce the case (wrong magic, wrong type) or to cover ECDSA/PSS
 * without swtpm; the real-TPM paths are tested against captured evidence and swtpm.
 */
final class SoftwareAk {

    final KeyPair keys;
    final byte[] tpmtPublic;
    final SignatureScheme scheme;

    private SoftwareAk(KeyPair keys, byte[] tpmtPublic, SignatureScheme scheme) {
        this.keys = keys;
        this.tpmtPublic = tpmtPublic;
        this.scheme = scheme;
    }

    private static KeyPair rsaKeys;

    /** RSA key generation is slow with the test JVM's C1-only flags: one key pair serves every test. */
    private static synchronized KeyPair rsaKeys() throws Exception {
        if (rsaKeys == null) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            rsaKeys = g.generateKeyPair();
        }
        return rsaKeys;
    }

    static SoftwareAk rsa(SignatureScheme scheme, long attributes) throws Exception {
        KeyPair kp = rsaKeys();
        byte[] modulus = unsigned(((RSAPublicKey) kp.getPublic()).getModulus(), 256);
        Marshal m = new Marshal().u16(0x0001).u16(0x000B).u32(attributes).tpm2b(new byte[0])
                .u16(0x0010).u16(scheme.algId()).u16(0x000B).u16(2048).u32(0).tpm2b(modulus);
        return new SoftwareAk(kp, m.bytes(), scheme);
    }

    static SoftwareAk ecc() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) kp.getPublic();
        Marshal m = new Marshal().u16(0x0023).u16(0x000B).u32(TpmtPublic.RESTRICTED | TpmtPublic.SIGN_ENCRYPT
                        | TpmtPublic.FIXED_TPM | TpmtPublic.FIXED_PARENT | TpmtPublic.SENSITIVE_DATA_ORIGIN
                        | TpmtPublic.USER_WITH_AUTH).tpm2b(new byte[0])
                .u16(0x0010).u16(0x0018).u16(0x000B).u16(0x0003).u16(0x0010)
                .tpm2b(unsigned(pub.getW().getAffineX(), 32)).tpm2b(unsigned(pub.getW().getAffineY(), 32));
        return new SoftwareAk(kp, m.bytes(), SignatureScheme.ECDSA);
    }

    static long akAttributes() {
        return TpmtPublic.RESTRICTED | TpmtPublic.SIGN_ENCRYPT | TpmtPublic.FIXED_TPM | TpmtPublic.FIXED_PARENT
                | TpmtPublic.SENSITIVE_DATA_ORIGIN | TpmtPublic.USER_WITH_AUTH;
    }

    /** A TPMS_ATTEST quote over {@code bank} with the given magic and type. */
    static byte[] quote(long magic, int type, byte[] nonce, PcrBank bank) {
        MessageDigest md = TpmHash.SHA256.newDigest();
        bank.values().values().forEach(md::update);
        byte[] bitmap = new byte[3];
        bank.values().keySet().forEach(i -> bitmap[i / 8] |= (byte) (1 << (i % 8)));
        return new Marshal().u32(magic).u16(type).tpm2b(new byte[34]).tpm2b(nonce)
                .u64(123456).u32(7).u32(1).u8(1).u64(0x2019102300163636L)
                .u32(1).u16(bank.hash().algId()).u8(3).raw(bitmap).tpm2b(md.digest()).bytes();
    }

    /** TPMT_SIGNATURE over {@code attest} with SHA-256. */
    byte[] sign(byte[] attest) throws Exception {
        return switch (scheme) {
            case RSASSA -> {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(keys.getPrivate());
                s.update(attest);
                yield new Marshal().u16(0x0014).u16(0x000B).tpm2b(s.sign()).bytes();
            }
            case RSAPSS -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                s.initSign(keys.getPrivate());
                s.update(attest);
                yield new Marshal().u16(0x0016).u16(0x000B).tpm2b(s.sign()).bytes();
            }
            case ECDSA -> {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(keys.getPrivate());
                s.update(attest);
                ASN1Sequence seq = ASN1Sequence.getInstance(s.sign());
                BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
                BigInteger sv = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
                yield new Marshal().u16(0x0018).u16(0x000B).tpm2b(unsigned(r, 32)).tpm2b(unsigned(sv, 32)).bytes();
            }
        };
    }

    static byte[] unsigned(BigInteger v, int length) {
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

    /** Big-endian TPM marshalling for building test structures. */
    static final class Marshal {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Marshal u8(int v) {
            out.write(v);
            return this;
        }

        Marshal u16(int v) {
            out.write(v >> 8);
            out.write(v);
            return this;
        }

        Marshal u32(long v) {
            return u16((int) (v >> 16) & 0xffff).u16((int) v & 0xffff);
        }

        Marshal u64(long v) {
            return u32(v >>> 32).u32(v & 0xffffffffL);
        }

        Marshal raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Marshal tpm2b(byte[] b) {
            return u16(b.length).raw(b);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}

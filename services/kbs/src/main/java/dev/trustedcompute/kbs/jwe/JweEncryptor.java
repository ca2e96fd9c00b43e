package dev.trustedcompute.kbs.jwe;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.crypto.impl.AESKW;
import com.nimbusds.jose.crypto.impl.ConcatKDF;
import com.nimbusds.jose.jwk.ECKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a resource for the workload's key as Trustee does ({@code kbs/src/jwe}): a random 32-byte CEK with
 * A256GCM (12-byte IV, tag apart) and AAD = ASCII(base64url(protected header)); the CEK wrapped with RSA-OAEP-256,
 * RSA1_5, or ECDH-ES+A256KW (ephemeral key on the workload key's curve, Concat KDF with SHA-256 and empty
 * apu/apv, AES key wrap). The key-management steps use Nimbus's primitives; the header is built by
 * {@link ProtectedHeader}.
 */
public final class JweEncryptor {

    static final String ENC = "A256GCM";
    static final String ECDH_ES_A256KW = "ECDH-ES+A256KW";
    /** Bouncy Castle makes the ephemeral key and the ECDH in under a third of the JDK's time (docs/BENCHMARKS.md). */
    private static final Provider BC = BouncyCastleProviderSingleton.getInstance();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;

    public JweEncryptor(SecureRandom random) {
        this.random = random;
    }

    public JweResponse encrypt(byte[] plaintext, TeePublicKey key) {
        byte[] cek = new byte[32];
        random.nextBytes(cek);
        try {
            String header;
            byte[] encryptedKey;
            switch (key) {
                case TeePublicKey.Rsa rsa -> {
                    header = ProtectedHeader.serialize(rsa.alg(), ENC, Map.of());
                    encryptedKey = rsaWrap(rsa, cek);
                }
                case TeePublicKey.Ec ec -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
                    // by name: Bouncy Castle then reuses its curve and the base point's precomputed table; from
                    // the key's ECParameterSpec it builds a new curve and recomputes the table for every key
                    generator.initialize(new ECGenParameterSpec(ec.curve().getStdName()), random);
                    KeyPair ephemeral = generator.generateKeyPair();
                    ECKey epk = new ECKey.Builder(ec.curve(), (ECPublicKey) ephemeral.getPublic()).build();
                    Map<String, String> epkMembers = new LinkedHashMap<>();
                    epkMembers.put("crv", ec.curve().getName());
                    epkMembers.put("kty", "EC");
                    epkMembers.put("x", epk.getX().toString());
                    epkMembers.put("y", epk.getY().toString());
                    header = ProtectedHeader.serialize(ECDH_ES_A256KW, ENC, Map.of("epk", epkMembers));
                    encryptedKey = AESKW.wrapCEK(new SecretKeySpec(cek, "AES"), kek(ephemeral, ec), null);
                }
            }
            String protectedB64 = B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8));
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, iv));
            gcm.updateAAD(protectedB64.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = gcm.doFinal(plaintext);
            byte[] ciphertext = Arrays.copyOfRange(sealed, 0, sealed.length - 16);
            byte[] tag = Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length);
            return new JweResponse(protectedB64, B64URL.encodeToString(encryptedKey), B64URL.encodeToString(iv),
                    B64URL.encodeToString(ciphertext), B64URL.encodeToString(tag));
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("JWE encryption failed", e);
        } finally {
            Arrays.fill(cek, (byte) 0);
        }
    }

    private byte[] rsaWrap(TeePublicKey.Rsa rsa, byte[] cek) throws GeneralSecurityException {
        Cipher cipher;
        if ("RSA-OAEP-256".equals(rsa.alg())) {
            cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, rsa.key(), new OAEPParameterSpec("SHA-256", "MGF1",
                    MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT), random);
        } else {
            cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            cipher.init(Cipher.ENCRYPT_MODE, rsa.key(), random);
        }
        return cipher.doFinal(cek);
    }

    /** Concat KDF (RFC 7518 4.6.2): SHA-256, AlgorithmID = "ECDH-ES+A256KW", empty PartyUInfo/PartyVInfo, 256 bits. */
    private static SecretKey kek(KeyPair ephemeral, TeePublicKey.Ec ec) throws GeneralSecurityException, JOSEException {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH", BC);
        agreement.init(ephemeral.getPrivate());
        agreement.doPhase(ec.key(), true);
        SecretKey z = new SecretKeySpec(agreement.generateSecret(), "AES");
        ConcatKDF kdf = new ConcatKDF("SHA-256");
        return kdf.deriveKey(z, 256,
                ConcatKDF.encodeDataWithLength(ECDH_ES_A256KW.getBytes(StandardCharsets.US_ASCII)),
                ConcatKDF.encodeDataWithLength(new byte[0]),
                ConcatKDF.encodeDataWithLength(new byte[0]),
                ConcatKDF.encodeIntData(256),
                ConcatKDF.encodeNoData());
    }
}

package dev.trustedcompute.aas.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Private keys at rest: DER {@code EncryptedPrivateKeyInfo} (RFC 5958), PBES2 with PBKDF2-HMAC-SHA256
 * (210,000 iterations, OWASP 2023) and AES-256-CBC, under the configured passphrase.
 */
public final class PrivateKeyCodec {

    private static final int PBKDF2_ITERATIONS = 210_000;
    /** Used by instance, not installed globally: the JDK's AES provider lacks the PKCS7Padding name BC asks for. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final char[] passphrase;
    private final SecureRandom random;

    public PrivateKeyCodec(char[] passphrase, SecureRandom random) {
        if (passphrase == null || passphrase.length < 12) {
            throw new IllegalArgumentException("the key passphrase must have at least 12 characters");
        }
        this.passphrase = passphrase.clone();
        this.random = random;
    }

    public byte[] encrypt(PrivateKey key) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(PBKDF2_ITERATIONS)
                    .setRandom(random)
                    .setProvider(BC)
                    .setPassword(passphrase)
                    .build();
            return new PKCS8Generator(PrivateKeyInfo.getInstance(key.getEncoded()), encryptor).generate().getContent();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot encrypt private key", e);
        }
    }

    /** Decrypts; a wrong passphrase or damaged blob is a {@link GeneralSecurityException} naming the cause. */
    public PrivateKey decrypt(byte[] encrypted) throws GeneralSecurityException {
        try {
            var info = new PKCS8EncryptedPrivateKeyInfo(encrypted);
            PrivateKeyInfo plain = info.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(plain);
            if (key instanceof BCECPrivateKey) {
                // Re-encode through the JDK provider so Nimbus and the JDK signer see a standard ECPrivateKey.
                return java.security.KeyFactory.getInstance("EC")
                        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
            }
            return key;
        } catch (IOException | PKCSException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot decrypt private key (wrong passphrase or damaged data): "
                    + e.getMessage(), e);
        }
    }
}

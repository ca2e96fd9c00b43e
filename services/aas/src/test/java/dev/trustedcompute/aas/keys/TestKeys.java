package dev.trustedcompute.aas.keys;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Signing keys for tests. */
final class TestKeys {

    static final SigningKeyFactory FACTORY = new SigningKeyFactory(new SecureRandom());

    private TestKeys() {
    }

    static SigningKey active(Instant createdAt) {
        KeyPair pair = FACTORY.newKeyPair();
        return new SigningKey(SigningKey.thumbprint((ECPublicKey) pair.getPublic()), pair,
                List.of(FACTORY.selfSigned(pair, createdAt, Duration.ofDays(30))), createdAt, null, null);
    }
}

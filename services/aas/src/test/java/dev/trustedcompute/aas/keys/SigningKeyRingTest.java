package dev.trustedcompute.aas.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeyRingTest {

    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void rotateWhenCalledThenOldKeyRetiringUntilRetention() {
        SigningKey first = TestKeys.active(t0);
        SigningKey second = TestKeys.active(t0.plusSeconds(10));
        Instant until = t0.plusSeconds(10).plus(Duration.ofHours(2)).plusSeconds(60);
        SigningKeyRing ring = new SigningKeyRing(first, List.of()).rotate(second, t0.plusSeconds(10), until);

        assertThat(ring.active().kid()).isEqualTo(second.kid());
        assertThat(ring.retiring()).extracting(SigningKey::kid).containsExactly(first.kid());
        assertThat(ring.publicJwkSet().getKeys()).extracting(JWK::getKeyID).containsExactly(second.kid(), first.kid());
        assertThat(ring.pruned(until.minusSeconds(1)).retiring()).hasSize(1);
        assertThat(ring.pruned(until).retiring()).isEmpty();
    }

    @Test
    void publicJwkSetWhenSerializedThenNoPrivatePartsAndCertificateChain() {
        SigningKey key = TestKeys.active(t0);
        String json = new SigningKeyRing(key, List.of()).publicJwkSet().toString();
        assertThat(json).doesNotContain("\"d\"").contains("\"kid\":\"" + key.kid() + "\"", "\"alg\":\"ES384\"",
                "\"use\":\"sig\"", "\"crv\":\"P-384\"", "\"x5c\"");
    }

    @Test
    void constructorWhenCertificateForOtherKeyThenRejected() {
        SigningKey a = TestKeys.active(t0);
        SigningKey b = TestKeys.active(t0);
        assertThatThrownBy(() -> new SigningKey(a.kid(), a.keyPair(), b.chain(), t0, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void privateKeyCodecWhenRoundTripThenSameKeyAndWrongPassphraseFails() throws Exception {
        SigningKey key = TestKeys.active(t0);
        var codec = new PrivateKeyCodec("a long passphrase".toCharArray(), new SecureRandom());
        byte[] encrypted = codec.encrypt(key.keyPair().getPrivate());
        var hex = java.util.HexFormat.of();
        assertThat(hex.formatHex(encrypted)).doesNotContain(hex.formatHex(key.keyPair().getPrivate().getEncoded()));
        assertThat(codec.decrypt(encrypted).getEncoded()).isEqualTo(key.keyPair().getPrivate().getEncoded());

        var wrong = new PrivateKeyCodec("another passphrase".toCharArray(), new SecureRandom());
        assertThatThrownBy(() -> wrong.decrypt(encrypted)).isInstanceOf(java.security.GeneralSecurityException.class)
                .hasMessageContaining("wrong passphrase");
    }
}

package dev.trustedcompute.hvs.flavor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import dev.trustedcompute.hvs.rules.TestFlavors;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EcFlavorSigningKeyTest {

    static final byte[] CONTENT = "{\"meta\":{\"id\":\"x\"}}".getBytes(StandardCharsets.UTF_8);
    final EcFlavorSigningKey key = TestFlavors.KEY;

    @Test
    void signWhenContentThenDetachedEs384JwsWithKidAndType() throws Exception {
        String signature = key.sign(CONTENT);

        assertThat(signature).matches("[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+");
        JWSObject jws = JWSObject.parse(signature.replace("..", "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(CONTENT) + "."));
        assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("ES384");
        assertThat(jws.getHeader().getKeyID()).isEqualTo(key.keyId());
        assertThat(jws.getHeader().getType().getType()).isEqualTo("flavor+jws");
        assertThat(key.verify(CONTENT, signature)).isTrue();
    }

    @Test
    void verifyWhenOneByteOfContentChangedThenFalse() {
        String signature = key.sign(CONTENT);
        byte[] changed = CONTENT.clone();
        changed[3] ^= 1;

        assertThat(key.verify(changed, signature)).isFalse();
    }

    @Test
    void verifyWhenSignedByAnotherKeyOrMalformedThenFalse() {
        assertThat(key.verify(CONTENT, TestFlavors.newKey().sign(CONTENT))).isFalse();
        assertThat(key.verify(CONTENT, null)).isFalse();
        assertThat(key.verify(CONTENT, "not a jws")).isFalse();
        assertThat(key.verify(CONTENT, "eyJhbGciOiJub25lIn0..")).as("alg none").isFalse();
    }

    @Test
    void signWhenP256KeyThenDetachedEs256JwsThatOnlyThisKeyVerifies() throws Exception {
        EcFlavorSigningKey p256 = new EcFlavorSigningKey(keyPair("secp256r1"));
        String signature = p256.sign(CONTENT);

        JWSObject jws = JWSObject.parse(signature.replace("..", "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(CONTENT) + "."));
        assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jws.getHeader().getKeyID()).isEqualTo(p256.keyId());
        assertThat(p256.verify(CONTENT, signature)).isTrue();
        assertThat(key.verify(CONTENT, signature)).as("the P-384 key").isFalse();
        assertThat(p256.verify(CONTENT, key.sign(CONTENT))).as("an ES384 signature").isFalse();
    }

    @Test
    void constructorWhenP521KeyThenRefused() throws Exception {
        assertThatThrownBy(() -> new EcFlavorSigningKey(keyPair("secp521r1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("flavor signing needs an EC P-256 or P-384 key pair");
    }

    private static KeyPair keyPair(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }
}

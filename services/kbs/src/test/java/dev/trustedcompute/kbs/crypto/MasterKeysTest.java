package dev.trustedcompute.kbs.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MasterKeysTest {

    static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final SecureRandom random = new SecureRandom();

    @Test
    void openWhenSameContextThenPlaintext() {
        MasterKeys keys = MasterKeys.fromConfig(Map.of("k1", K1), null, random);
        Sealed sealed = keys.seal(new byte[] {1, 2, 3}, "resource:a/b/c");

        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(keys.open(sealed, "resource:a/b/c")).containsExactly(1, 2, 3);
    }

    @Test
    void openWhenOtherContextThenRefused() {
        MasterKeys keys = MasterKeys.fromConfig(Map.of("k1", K1), null, random);
        Sealed sealed = keys.seal(new byte[] {1, 2, 3}, "resource:a/b/c");

        assertThatThrownBy(() -> keys.open(sealed, "resource:a/b/d")).isInstanceOf(SealedDataException.class);
    }

    @Test
    void openWhenCiphertextFlippedThenRefused() {
        MasterKeys keys = MasterKeys.fromConfig(Map.of("k1", K1), null, random);
        Sealed sealed = keys.seal(new byte[] {1, 2, 3}, "x");
        sealed.ciphertext()[0] ^= 1;

        assertThatThrownBy(() -> keys.open(sealed, "x")).isInstanceOf(SealedDataException.class);
    }

    @Test
    void rewrapWhenNewActiveKeyThenSealedUnderItAndOldKeyNoLongerNeeded() {
        MasterKeys before = MasterKeys.fromConfig(Map.of("k1", K1), null, random);
        Sealed old = before.seal("secret".getBytes(StandardCharsets.UTF_8), "ctx");
        MasterKeys during = MasterKeys.fromConfig(Map.of("k1", K1, "k2", K2), "k2", random);

        Sealed fresh = during.rewrap(old, "ctx");

        assertThat(fresh.keyId()).isEqualTo("k2");
        MasterKeys after = MasterKeys.fromConfig(Map.of("k2", K2), null, random);
        assertThat(new String(after.open(fresh, "ctx"), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThatThrownBy(() -> after.open(old, "ctx")).isInstanceOf(SealedDataException.class)
                .hasMessageContaining("k1");
    }

    @Test
    void fromConfigWhenBadKeysThenRefusedWithReason() {
        assertThatThrownBy(() -> MasterKeys.fromConfig(Map.of(), null, random)).hasMessageContaining("no master key");
        assertThatThrownBy(() -> MasterKeys.fromConfig(Map.of("k1", "AAAA"), null, random)).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> MasterKeys.fromConfig(Map.of("k1", "%%%"), null, random)).hasMessageContaining("base64");
        assertThatThrownBy(() -> MasterKeys.fromConfig(Map.of("k1", K1, "k2", K2), null, random))
                .hasMessageContaining("active");
        assertThatThrownBy(() -> MasterKeys.fromConfig(Map.of("k1", K1), "k9", random)).hasMessageContaining("k9");
    }
}

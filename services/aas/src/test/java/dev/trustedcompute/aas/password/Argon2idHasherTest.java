package dev.trustedcompute.aas.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Argon2idHasherTest {

    private static final Argon2Parameters FAST = new Argon2Parameters(1024, 1, 1);
    private final Argon2idHasher hasher = new Argon2idHasher(FAST, new SecureRandom());

    @Test
    void hashWhenCalledThenPhcStringWithParametersAndSalt() {
        String hash = hasher.hash("correct horse battery");
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hash).doesNotContain("correct");
    }

    @Test
    void hashWhenSamePasswordTwiceThenDifferentSalts() {
        assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
    }

    @Test
    void verifyWhenRightPasswordThenTrue() {
        assertThat(hasher.verify("pässwörd 123", hasher.hash("pässwörd 123"))).isTrue();
    }

    @Test
    void verifyWhenWrongPasswordThenFalse() {
        assertThat(hasher.verify("password 124", hasher.hash("password 123"))).isFalse();
    }

    @Test
    void verifyWhenHashByteFlippedThenFalse() {
        String hash = hasher.hash("password 123");
        char last = hash.charAt(hash.length() - 2);
        String tampered = hash.substring(0, hash.length() - 2) + (last == 'A' ? 'B' : 'A') + hash.charAt(hash.length() - 1);
        assertThat(hasher.verify("password 123", tampered)).isFalse();
    }

    @Test
    void verifyWhenHashMadeWithOtherParametersThenStillVerifies() {
        String old = new Argon2idHasher(new Argon2Parameters(2048, 2, 2), new SecureRandom()).hash("password 123");
        assertThat(hasher.verify("password 123", old)).isTrue();
        assertThat(hasher.needsRehash(old)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("password 123"))).isFalse();
    }

    @Test
    void verifyWhenNotArgon2idThenFalse() {
        assertThat(hasher.verify("x", "$2a$10$abcdefghijklmnopqrstuu")).isFalse();
        assertThat(hasher.verify("x", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")).isFalse();
        assertThat(hasher.verify("x", "")).isFalse();
    }

    @Test
    void verifyWhenStoredParametersHostileThenFalseWithoutAllocating() {
        // m beyond the 4 GiB bound must not be attempted
        assertThat(hasher.verify("x", "$argon2id$v=19$m=9999999,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")).isFalse();
    }

    @Test
    void parametersWhenOutOfRangeThenRejected() {
        assertThatThrownBy(() -> new Argon2Parameters(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Parameters(1024, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}

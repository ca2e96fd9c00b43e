package dev.trustedcompute.rvps.signers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import dev.trustedcompute.rvps.TestSigners.Signer;
import dev.trustedcompute.servicekit.identity.Pem;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading {@code tc.rvps.trusted-signers}: good PEMs load, anything else stops start-up naming the signer. */
class TrustedSignersTest {

    static final Signer EC = Signer.ec(Curve.P_384);
    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void fromPemWhenPublicKeyAndCertificateThenBothLoadedWithCertificateValidity() {
        Signer rsa = Signer.rsa(2048, JWSAlgorithm.RS256);

        TrustedSigners signers = TrustedSigners.fromPem(Map.of("key", EC.publicKeyPem(),
                "cert", rsa.certificatePem(FROM, TO)));

        assertThat(signers.ids()).containsExactly("cert", "key");
        TrustedSigner key = signers.find("key").orElseThrow();
        assertThat(key.publicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(key.validAt(Instant.MIN)).isTrue();
        TrustedSigner cert = signers.find("cert").orElseThrow();
        assertThat(cert.publicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(cert.validAt(FROM)).isTrue();
        assertThat(cert.validAt(TO)).isTrue();
        assertThat(cert.validAt(FROM.minusSeconds(1))).isFalse();
        assertThat(cert.validAt(TO.plusSeconds(1))).isFalse();
        assertThat(signers.find("other")).isEmpty();
    }

    static Stream<Arguments> unusablePems() throws Exception {
        KeyPairGenerator k1 = KeyPairGenerator.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        k1.initialize(new ECGenParameterSpec("secp256k1"));
        String secp256k1 = Pem.encode("PUBLIC KEY", k1.generateKeyPair().getPublic().getEncoded());
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
        String ed25519 = Pem.encode("PUBLIC KEY", ed.generateKeyPair().getPublic().getEncoded());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        String rsa1024 = Pem.encode("PUBLIC KEY", rsa.generateKeyPair().getPublic().getEncoded());
        KeyPairGenerator p256 = KeyPairGenerator.getInstance("EC");
        p256.initialize(new ECGenParameterSpec("secp256r1"));
        String privateKey = Pem.encode("PRIVATE KEY", p256.generateKeyPair().getPrivate().getEncoded());
        return Stream.of(
                Arguments.of("empty", "", "no PEM"),
                Arguments.of("not PEM", "vendor-a.pub", "no PEM"),
                Arguments.of("a private key", privateKey, "never configure a private key"),
                Arguments.of("two keys", EC.publicKeyPem() + EC.publicKeyPem(), "exactly one"),
                Arguments.of("secp256k1", secp256k1, "P-256, P-384 or P-521"),
                Arguments.of("Ed25519", ed25519, "EC or RSA only"),
                Arguments.of("RSA 1024", rsa1024, "at least 2048 bits"),
                Arguments.of("corrupt base64", "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n", "vendor-a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusablePems")
    void fromPemWhenUnusableThenFailsNamingSigner(String why, String pem, String detail) {
        assertThatThrownBy(() -> TrustedSigners.fromPem(Map.of("vendor-a", pem)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tc.rvps.trusted-signers.vendor-a: ")
                .hasMessageContaining(detail);
    }

    @Test
    void fromPemWhenBlankIdThenFails() {
        assertThatThrownBy(() -> TrustedSigners.fromPem(Map.of(" ", EC.publicKeyPem())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be blank");
    }
}

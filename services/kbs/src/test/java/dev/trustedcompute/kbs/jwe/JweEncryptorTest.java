package dev.trustedcompute.kbs.jwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JweEncryptorTest {

    private static final byte[] SECRET = "the resource \u00e9 \u0000 bytes".getBytes(StandardCharsets.UTF_8);
    private final JweEncryptor encryptor = new JweEncryptor(new SecureRandom());

    static Stream<Arguments> workloadKeys() throws Exception {
        return Stream.of(
                Arguments.of("EC P-256", new ECKeyGenerator(Curve.P_256).generate(), "ECDH-ES+A256KW"),
                Arguments.of("EC P-521", new ECKeyGenerator(Curve.P_521).generate(), "ECDH-ES+A256KW"),
                Arguments.of("RSA-OAEP-256", new RSAKeyGenerator(2048).generate(), "RSA-OAEP-256"),
                Arguments.of("RSA1_5", new RSAKeyGenerator(2048).generate(), "RSA1_5"));
    }

    /** The JWK as guest-components sends it in runtime-data.tee-pubkey: public members plus alg. */
    static Map<String, Object> teePubkey(JWK key, String alg) {
        Map<String, Object> jwk = new LinkedHashMap<>(key.toPublicJWK().toJSONObject());
        jwk.put("alg", alg);
        return jwk;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloadKeys")
    void encryptWhenWorkloadKeyThenClientRecomputingAadDecrypts(String name, JWK key, String alg) throws Exception {
        JweResponse response = encryptor.encrypt(SECRET, TeePublicKey.parse(teePubkey(key, alg)));

        Map<String, Object> wire = wire(response);
        assertThat(ClientSideJwe.decrypt(wire, key)).isEqualTo(SECRET);
        String header = new String(Base64.getUrlDecoder().decode(response.protectedHeader()), StandardCharsets.UTF_8);
        assertThat(ClientSideJwe.reserializedHeader(response.protectedHeader())).isEqualTo(header);
        assertThat(header).startsWith("{\"alg\":\"" + alg + "\",\"enc\":\"A256GCM\"").doesNotContain(" ");
        for (String member : new String[] {response.protectedHeader(), response.encryptedKey(), response.iv(),
                response.ciphertext(), response.tag()}) {
            assertThat(member).matches("[A-Za-z0-9_-]*");
        }
        assertThat(Base64.getUrlDecoder().decode(response.iv())).hasSize(12);
        assertThat(Base64.getUrlDecoder().decode(response.tag())).hasSize(16);
    }

    @Test
    void encryptWhenEcKeyThenHeaderIsAlgEncThenSortedEpk() throws Exception {
        var key = new ECKeyGenerator(Curve.P_256).generate();
        JweResponse response = encryptor.encrypt(SECRET, TeePublicKey.parse(teePubkey(key, "ECDH-ES+A256KW")));

        String header = new String(Base64.getUrlDecoder().decode(response.protectedHeader()), StandardCharsets.UTF_8);
        assertThat(header).matches("\\{\"alg\":\"ECDH-ES\\+A256KW\",\"enc\":\"A256GCM\",\"epk\":"
                + "\\{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"[A-Za-z0-9_-]{43}\",\"y\":\"[A-Za-z0-9_-]{43}\"}}");
        assertThat(Base64.getUrlDecoder().decode(response.encryptedKey())).hasSize(40);
    }

    @Test
    void serializeWhenKbsTypesTestVectorThenSameAad() {
        // kbs-types ProtectedHeader unit test: {"alg":"fakealg","enc":"fakeenc"} -> this AAD
        String header = ProtectedHeader.serialize("fakealg", "fakeenc", Map.of());
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("eyJhbGciOiJmYWtlYWxnIiwiZW5jIjoiZmFrZWVuYyJ9");
    }

    @Test
    void decryptWhenTagFlippedThenFails() throws Exception {
        var key = new ECKeyGenerator(Curve.P_256).generate();
        Map<String, Object> wire = wire(encryptor.encrypt(SECRET, TeePublicKey.parse(teePubkey(key, "ECDH-ES+A256KW"))));
        byte[] tag = Base64.getUrlDecoder().decode((String) wire.get("tag"));
        tag[0] ^= 1;
        wire.put("tag", Base64.getUrlEncoder().withoutPadding().encodeToString(tag));

        assertThatThrownBy(() -> ClientSideJwe.decrypt(wire, key)).isInstanceOf(Exception.class);
    }

    @Test
    void decryptWhenOtherWorkloadKeyThenFails() throws Exception {
        var key = new ECKeyGenerator(Curve.P_256).generate();
        var other = new ECKeyGenerator(Curve.P_256).generate();
        Map<String, Object> wire = wire(encryptor.encrypt(SECRET, TeePublicKey.parse(teePubkey(key, "ECDH-ES+A256KW"))));

        assertThatThrownBy(() -> ClientSideJwe.decrypt(wire, other)).isInstanceOf(Exception.class);
    }

    @Test
    void parseWhenUnsupportedKeyThenRefusedWithReason() throws Exception {
        var p384 = new ECKeyGenerator(Curve.P_384).generate();
        var rsa = new RSAKeyGenerator(2048).generate();
        var smallRsa = new RSAKeyGenerator(1024, true).generate();
        assertThatThrownBy(() -> TeePublicKey.parse(teePubkey(p384, "ECDH-ES+A256KW")))
                .isInstanceOf(InvalidTeeKeyException.class).hasMessageContaining("P-256/P-521");
        assertThatThrownBy(() -> TeePublicKey.parse(teePubkey(rsa, "RSA-OAEP")))
                .isInstanceOf(InvalidTeeKeyException.class).hasMessageContaining("RSA-OAEP");
        assertThatThrownBy(() -> TeePublicKey.parse(teePubkey(smallRsa, "RSA-OAEP-256")))
                .isInstanceOf(InvalidTeeKeyException.class).hasMessageContaining("2048");
        Map<String, Object> noAlg = new LinkedHashMap<>(rsa.toPublicJWK().toJSONObject());
        assertThatThrownBy(() -> TeePublicKey.parse(noAlg)).isInstanceOf(InvalidTeeKeyException.class);
        Map<String, Object> priv = new LinkedHashMap<>(rsa.toJSONObject());
        priv.put("alg", "RSA-OAEP-256");
        assertThatThrownBy(() -> TeePublicKey.parse(priv)).isInstanceOf(InvalidTeeKeyException.class)
                .hasMessageContaining("public");
        Map<String, Object> offCurve = teePubkey(new ECKeyGenerator(Curve.P_256).generate(), "ECDH-ES+A256KW");
        offCurve.put("y", offCurve.get("x"));
        assertThatThrownBy(() -> TeePublicKey.parse(offCurve)).isInstanceOf(InvalidTeeKeyException.class);
    }

    static Map<String, Object> wire(JweResponse response) throws Exception {
        String json = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(response);
        assertThat(json).startsWith("{\"protected\":").doesNotContain("\"aad\"");
        return new LinkedHashMap<>(JSONObjectUtils.parse(json));
    }
}

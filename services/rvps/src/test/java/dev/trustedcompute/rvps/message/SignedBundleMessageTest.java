package dev.trustedcompute.rvps.message;

import static dev.trustedcompute.rvps.TestSigners.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64URL;
import dev.trustedcompute.rvps.TestSigners.Signer;
import dev.trustedcompute.rvps.message.InvalidMessageException.Reason;
import dev.trustedcompute.rvps.signers.TrustedSigners;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code signed-bundle} messages, signed with Nimbus here; every accepted bundle has refused twins. */
class SignedBundleMessageTest {

    static final Instant NOW = Instant.parse("2026-09-01T12:00:00Z");
    static final Instant IN_A_DAY = NOW.plus(Duration.ofDays(1));
    static final Instant IN_A_YEAR = NOW.plus(Duration.ofDays(365));

    static final Signer P256 = Signer.ec(Curve.P_256);
    static final Signer P384 = Signer.ec(Curve.P_384);
    static final Signer P521 = Signer.ec(Curve.P_521);
    static final Signer RSA_PSS = Signer.rsa(2048, JWSAlgorithm.PS256);
    static final Signer RSA_PKCS1 = Signer.rsa(3072, JWSAlgorithm.RS384);
    static final Signer CERTIFIED = Signer.ec(Curve.P_256);
    static final Signer OUTSIDER = Signer.ec(Curve.P_256);

    static final MessageReader READER = new MessageReader(Period.ofMonths(12), TrustedSigners.fromPem(Map.of(
            "p256", P256.publicKeyPem(),
            "p384", P384.publicKeyPem(),
            "p521", P521.publicKeyPem(),
            "rsa-pss", RSA_PSS.publicKeyPem(),
            "rsa-pkcs1", RSA_PKCS1.publicKeyPem(),
            "certified", CERTIFIED.certificatePem(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(30))))));

    static final String MANIFEST = manifest(IN_A_DAY)
            .value("tpm_pcr4", IN_A_YEAR, "a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90")
            .value("trusted_aks", NOW.plus(Duration.ofDays(90)), "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", "second")
            .json();

    static RvpsMessage bundle(String jws) {
        return new RvpsMessage("0.1.0", "signed-bundle", jws);
    }

    static Stream<Arguments> signers() {
        return Stream.of(Arguments.of("p256", P256), Arguments.of("p384", P384), Arguments.of("p521", P521),
                Arguments.of("rsa-pss", RSA_PSS), Arguments.of("rsa-pkcs1", RSA_PKCS1),
                Arguments.of("certified", CERTIFIED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signers")
    void readWhenSignedByTrustedSignerThenValuesWithTheirOwnExpirations(String id, Signer signer) throws Exception {
        Extraction extraction = READER.read(bundle(signer.sign(id, MANIFEST)), NOW);

        assertThat(extraction.type()).isEqualTo(MessageType.SIGNED_BUNDLE);
        assertThat(extraction.signer()).isEqualTo(id);
        assertThat(extraction.values()).containsExactly(
                new ExtractedValue("tpm_pcr4", List.of("a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"), IN_A_YEAR),
                new ExtractedValue("trusted_aks", List.of("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", "second"),
                        NOW.plus(Duration.ofDays(90))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signers")
    void readWhenSignatureByteFlippedThenInvalidSignature(String id, Signer signer) {
        String jws = signer.sign(id, MANIFEST);
        String[] parts = jws.split("\\.");
        byte[] signature = new Base64URL(parts[2]).decode();
        signature[signature.length / 2] ^= 0x01;
        String tampered = parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);

        assertRefused(bundle(tampered), Reason.INVALID_SIGNATURE, "does not verify");
    }

    @Test
    void readWhenManifestChangedAfterSigningThenInvalidSignature() {
        String[] parts = P256.sign("p256", MANIFEST).split("\\.");
        String changed = MANIFEST.replace("a3f1c2d4", "00000000");
        String tampered = parts[0] + "." + Base64URL.encode(changed.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertRefused(bundle(tampered), Reason.INVALID_SIGNATURE, "does not verify");
    }

    @Test
    void readWhenSignedByOtherKeyUnderTrustedKidThenInvalidSignature() {
        assertRefused(bundle(OUTSIDER.sign("p256", MANIFEST)), Reason.INVALID_SIGNATURE, "signer 'p256'");
    }

    @Test
    void readWhenKidUnknownThenUntrustedSigner() {
        assertRefused(bundle(OUTSIDER.sign("outsider", MANIFEST)), Reason.UNTRUSTED_SIGNER, "'outsider' is not configured");
    }

    @Test
    void readWhenNoKidThenUntrustedSigner() {
        assertRefused(bundle(P256.sign(new JWSHeader(JWSAlgorithm.ES256), MANIFEST)), Reason.UNTRUSTED_SIGNER, "no signer");
    }

    @Test
    void readWhenNoSignersConfiguredThenEveryBundleUntrusted() {
        MessageReader noSigners = new MessageReader(Period.ofMonths(12), TrustedSigners.fromPem(Map.of()));

        assertThatThrownBy(() -> noSigners.read(bundle(P256.sign("p256", MANIFEST)), NOW))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNTRUSTED_SIGNER));
    }

    @Test
    void readWhenSignerCertificateNotValidNowThenUntrustedSigner() {
        String jws = CERTIFIED.sign("certified", MANIFEST);

        assertRefused(bundle(jws), NOW.plus(Duration.ofDays(31)), Reason.UNTRUSTED_SIGNER, "not valid at");
        assertRefused(bundle(jws), NOW.minus(Duration.ofDays(31)), Reason.UNTRUSTED_SIGNER, "not valid at");
    }

    @Test
    void readWhenAlgorithmDoesNotFitSignerKeyThenInvalidSignature() {
        // a valid ES384 signature, but kid names the P-256 signer: ES384 cannot be checked with a P-256 key
        assertRefused(bundle(P384.sign("p256", MANIFEST)), Reason.INVALID_SIGNATURE, "ES384 cannot be verified");
        // an RSA signature presented for an EC signer
        assertRefused(bundle(RSA_PSS.sign("p256", MANIFEST)), Reason.INVALID_SIGNATURE, "PS256 cannot be verified");
    }

    @Test
    void readWhenHmacWithPublicKeyAsSecretThenInvalidSignature() throws Exception {
        // the classic key-confusion attack: HS256 keyed with the signer's public key bytes
        var header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-pss").build();
        var jws = new JWSObject(header, new Payload(MANIFEST));
        jws.sign(new MACSigner(RSA_PSS.publicKeyPem().getBytes(StandardCharsets.US_ASCII)));

        assertRefused(bundle(jws.serialize()), Reason.INVALID_SIGNATURE, "HS256 cannot be verified");
    }

    static Stream<Arguments> notCompactJws() {
        String unsecured = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"p256\"}") + "."
                + Base64URL.encode(MANIFEST) + ".";
        return Stream.of(
                Arguments.of("plain text", "not a jws"),
                Arguments.of("the manifest itself", MANIFEST),
                Arguments.of("two parts", "eyJhbGciOiJFUzI1NiJ9.e30"),
                Arguments.of("alg none", unsecured),
                Arguments.of("header not JSON", Base64URL.encode("nope") + ".e30.c2ln"),
                Arguments.of("empty", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notCompactJws")
    void readWhenPayloadIsNotCompactJwsThenInvalidPayload(String why, String payload) {
        assertRefused(bundle(payload), Reason.INVALID_PAYLOAD, "not a compact JWS");
    }

    @Test
    void readWhenManifestExpiredThenManifestExpired() {
        String expired = manifest(NOW).value("a", IN_A_YEAR, "1").json();

        assertRefused(bundle(P256.sign("p256", expired)), Reason.MANIFEST_EXPIRED, "expired at 2026-09-01T12:00:00Z");
    }

    @Test
    void readWhenValueAlreadyExpiredThenInvalidReferenceValue() {
        String stale = manifest(IN_A_DAY).value("fresh", IN_A_YEAR, "1").value("stale", NOW.minusSeconds(1), "2").json();

        assertRefused(bundle(P256.sign("p256", stale)), Reason.INVALID_REFERENCE_VALUE, "stale: expiration");
    }

    static Stream<Arguments> malformedManifests() {
        String exp = "\"expiration\":\"" + IN_A_DAY + "\"";
        String valueExp = "\"expiration\":\"" + IN_A_YEAR + "\"";
        return Stream.of(
                Arguments.of("not JSON", "expiration=tomorrow", "not valid JSON"),
                Arguments.of("a list", "[]", "JSON object"),
                Arguments.of("no expiration", "{\"referenceValues\":[]}", "manifest expiration"),
                Arguments.of("expiration not ISO", "{\"expiration\":\"tomorrow\",\"referenceValues\":[]}", "ISO-8601"),
                Arguments.of("expiration a number", "{\"expiration\":1790000000,\"referenceValues\":[]}", "ISO-8601"),
                Arguments.of("no referenceValues", "{" + exp + "}", "referenceValues list"),
                Arguments.of("entry without name", "{" + exp + ",\"referenceValues\":[{\"values\":[\"1\"]," + valueExp + "}]}", "string name"),
                Arguments.of("values not a list", "{" + exp + ",\"referenceValues\":[{\"name\":\"a\",\"values\":\"1\"," + valueExp + "}]}", "list of strings"),
                Arguments.of("a number among values", "{" + exp + ",\"referenceValues\":[{\"name\":\"a\",\"values\":[1]," + valueExp + "}]}", "list of strings"),
                Arguments.of("entry without expiration", "{" + exp + ",\"referenceValues\":[{\"name\":\"a\",\"values\":[\"1\"]}]}", "'a' expiration"),
                Arguments.of("duplicate member", "{" + exp + "," + exp + ",\"referenceValues\":[]}", "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedManifests")
    void readWhenManifestMalformedThenInvalidPayload(String why, String manifest, String detail) {
        assertRefused(bundle(P256.sign("p256", manifest)), Reason.INVALID_PAYLOAD, detail);
    }

    @Test
    void readWhenSameNameTwiceThenInvalidReferenceValue() {
        String twice = manifest(IN_A_DAY).value("a", IN_A_YEAR, "1").value("a", IN_A_YEAR, "2").json();

        assertRefused(bundle(P256.sign("p256", twice)), Reason.INVALID_REFERENCE_VALUE, "named twice");
    }

    @Test
    void readWhenManifestHasNoValuesThenInvalidReferenceValue() {
        assertRefused(bundle(P256.sign("p256", manifest(IN_A_DAY).json())), Reason.INVALID_REFERENCE_VALUE,
                "no reference values");
    }

    private static void assertRefused(RvpsMessage message, Reason reason, String detailPart) {
        assertRefused(message, NOW, reason, detailPart);
    }

    private static void assertRefused(RvpsMessage message, Instant now, Reason reason, String detailPart) {
        assertThatThrownBy(() -> READER.read(message, now))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(detailPart);
    }
}

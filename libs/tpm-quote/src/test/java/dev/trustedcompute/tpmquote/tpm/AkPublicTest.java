package dev.trustedcompute.tpmquote.tpm;

import static dev.trustedcompute.tpmquote.tpm.Fixtures.flip;
import static dev.trustedcompute.tpmquote.tpm.Fixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.fuzz.Fuzzer;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.util.Base64;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Verifier checks that a real TPM cannot be made to fail (wrong magic/type, key misuse), with software AKs. */
class AkPublicTest {

    private static final byte[] NONCE = hex("00112233445566778899aabbccddeeff");

    private static PcrBank bank() {
        TreeMap<Integer, byte[]> values = new TreeMap<>();
        for (int i : new int[] {0, 7, 16}) {
            byte[] v = new byte[32];
            v[0] = (byte) i;
            values.put(i, v);
        }
        return new PcrBank(TpmHash.SHA256, values);
    }

    private static byte[] goodQuote() {
        return SoftwareAk.quote(TpmsAttest.TPM_GENERATED_VALUE, TpmsAttest.ST_ATTEST_QUOTE, NONCE, bank());
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void verifyWhenSoftwareAkSignsQuoteThenQuotedPcrs(SignatureScheme scheme) throws Exception {
        SoftwareAk ak = scheme == SignatureScheme.ECDSA ? SoftwareAk.ecc() : SoftwareAk.rsa(scheme, SoftwareAk.akAttributes());
        byte[] quote = goodQuote();

        QuotedPcrs quoted = AkPublic.parse(ak.tpmtPublic).verify(TpmsAttest.parse(quote),
                TpmtSignature.parse(ak.sign(quote)), bank(), NONCE);

        assertThat(quoted.indices(TpmHash.SHA256)).containsExactly(0, 7, 16);
        assertThat(quoted.clockInfo()).isEqualTo(new ClockInfo(123456, 7, 1, true));
        assertThat(quoted.value(TpmHash.SHA256, 7).orElseThrow()[0]).isEqualTo((byte) 7);
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void verifyWhenSoftwareAkSignatureFlippedThenSignatureInvalid(SignatureScheme scheme) throws Exception {
        SoftwareAk ak = scheme == SignatureScheme.ECDSA ? SoftwareAk.ecc() : SoftwareAk.rsa(scheme, SoftwareAk.akAttributes());
        byte[] quote = goodQuote();
        byte[] sig = ak.sign(quote);

        assertThatThrownBy(() -> AkPublic.parse(ak.tpmtPublic).verify(TpmsAttest.parse(quote),
                TpmtSignature.parse(flip(sig, sig.length - 5)), bank(), NONCE))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    @Test
    void verifyWhenMagicWrongButSignedThenWrongMagic() throws Exception {
        SoftwareAk ak = SoftwareAk.rsa(SignatureScheme.RSASSA, SoftwareAk.akAttributes());
        byte[] quote = SoftwareAk.quote(0xff544348L, TpmsAttest.ST_ATTEST_QUOTE, NONCE, bank());

        assertThatThrownBy(() -> AkPublic.parse(ak.tpmtPublic).verify(TpmsAttest.parse(quote),
                TpmtSignature.parse(ak.sign(quote)), bank(), NONCE))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WRONG_MAGIC);
                    assertThat(e.getMessage()).contains("0xff544348");
                });
    }

    @Test
    void verifyWhenTypeIsNotQuoteThenWrongAttestType() throws Exception {
        SoftwareAk ak = SoftwareAk.rsa(SignatureScheme.RSASSA, SoftwareAk.akAttributes());
        // same body, type TPM_ST_ATTEST_TIME (0x8019): parsed as Attested.Other
        byte[] quote = SoftwareAk.quote(TpmsAttest.TPM_GENERATED_VALUE, 0x8019, NONCE, bank());

        TpmsAttest parsed = TpmsAttest.parse(quote);
        assertThat(parsed.attested()).isInstanceOf(Attested.Other.class);
        assertThatThrownBy(() -> AkPublic.parse(ak.tpmtPublic).verify(parsed, TpmtSignature.parse(ak.sign(quote)),
                bank(), NONCE))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_ATTEST_TYPE));
    }

    @Test
    void verifyWhenAkIsNotRestrictedThenKeyMismatch() throws Exception {
        SoftwareAk ak = SoftwareAk.rsa(SignatureScheme.RSASSA, TpmtPublic.SIGN_ENCRYPT | TpmtPublic.USER_WITH_AUTH);
        byte[] quote = goodQuote();

        assertThatThrownBy(() -> AkPublic.parse(ak.tpmtPublic).verify(TpmsAttest.parse(quote),
                TpmtSignature.parse(ak.sign(quote)), bank(), NONCE))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.KEY_MISMATCH);
                    assertThat(e.getMessage()).contains("restricted signing key");
                });
    }

    @Test
    void verifyWhenSchemeDiffersFromAkSchemeThenKeyMismatch() throws Exception {
        SoftwareAk ak = SoftwareAk.rsa(SignatureScheme.RSASSA, SoftwareAk.akAttributes());
        SoftwareAk pss = SoftwareAk.rsa(SignatureScheme.RSAPSS, SoftwareAk.akAttributes());
        byte[] quote = goodQuote();

        assertThatThrownBy(() -> AkPublic.parse(ak.tpmtPublic).verify(TpmsAttest.parse(quote),
                TpmtSignature.parse(pss.sign(quote)), bank(), NONCE))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISMATCH));
    }

    @Test
    void verifyWhenEcdsaSignatureForRsaAkThenKeyMismatch() throws Exception {
        SoftwareAk rsa = SoftwareAk.rsa(SignatureScheme.RSASSA, SoftwareAk.akAttributes());
        byte[] quote = goodQuote();

        assertThatThrownBy(() -> AkPublic.parse(rsa.tpmtPublic).verify(TpmsAttest.parse(quote),
                TpmtSignature.parse(SoftwareAk.ecc().sign(quote)), bank(), NONCE))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISMATCH));
    }

    @Test
    void fromPemWhenSpkiOfSoftwareAkThenVerifiesSameQuote() throws Exception {
        SoftwareAk ak = SoftwareAk.ecc();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ak.keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        byte[] quote = goodQuote();

        AkPublic fromPem = AkPublic.fromPem(pem);

        assertThat(fromPem.tpmtPublic()).isEmpty();
        assertThat(fromPem.verify(TpmsAttest.parse(quote), TpmtSignature.parse(ak.sign(quote)), bank(), NONCE)
                .indices(TpmHash.SHA256)).containsExactly(0, 7, 16);
    }

    @Test
    void fromPemWhenNotAKeyThenEvidenceFormatException() {
        assertThatThrownBy(() -> AkPublic.fromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .isInstanceOf(EvidenceFormatException.class);
        assertThatThrownBy(() -> AkPublic.fromPem("hello")).isInstanceOf(EvidenceFormatException.class);
    }

    @Test
    void fromSubjectPublicKeyInfoWhenEveryPrefixThenEvidenceFormatException() throws Exception {
        byte[] spki = SoftwareAk.ecc().keys.getPublic().getEncoded();
        // an EC key: the RSA-first fallback path (the fuzz catalog's seed is RSA)
        Fuzzer.assertEveryPrefixRejected("AkPublic.fromSubjectPublicKeyInfo(EC)", spki, AkPublic::fromSubjectPublicKeyInfo);
        Fuzzer.run("AkPublic.fromSubjectPublicKeyInfo(EC)", java.util.List.of(spki), AkPublic::fromSubjectPublicKeyInfo,
                Fuzzer.Allowed.FORMAT);
    }
}

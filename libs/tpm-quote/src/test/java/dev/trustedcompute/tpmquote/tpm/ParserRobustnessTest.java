package dev.trustedcompute.tpmquote.tpm;

import static dev.trustedcompute.tpmquote.tpm.Fixtures.GCE;
import static dev.trustedcompute.tpmquote.tpm.Fixtures.bytes;
import static dev.trustedcompute.tpmquote.tpm.Fixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Structure-level checks of the package's parsers on captured fixtures: decoded values, trailing bytes rejected,
 * specific malformations named. Truncation and random mutation of every parser are in the fuzz harness
 * ({@code fuzz.ParserFuzzTest}).
 */
class ParserRobustnessTest {

    private static final String Q = GCE + "gce-cos-85-nonce9009/";

    @ParameterizedTest
    @ValueSource(strings = {"quote_sha1", "quote_sha256", "quote_sha384"})
    void tpmsAttestWhenTrailingByteThenEvidenceFormatException(String name) {
        byte[] attest = bytes(Q + name + ".tpms_attest.bin");

        assertThatThrownBy(() -> TpmsAttest.parse(Arrays.copyOf(attest, attest.length + 1)))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("trailing");
    }

    @Test
    void tpmsAttestParseTpm2bWhenSizePrefixedThenSameAsInner() throws Exception {
        byte[] attest = bytes(Q + "quote_sha256.tpms_attest.bin");
        byte[] tpm2b = CredentialChallenge.tpm2b(attest);

        assertThat(TpmsAttest.parseTpm2b(tpm2b)).isEqualTo(TpmsAttest.parse(attest));
        assertThat(TpmsAttest.parseTpm2b(tpm2b).attestBytes()).isEqualTo(attest);
    }

    @Test
    void tpmtSignatureWhenTrailingByteThenEvidenceFormatException() throws Exception {
        byte[] rsa = bytes(Q + "quote_sha256.tpmt_signature.bin");
        SoftwareAk ecc = SoftwareAk.ecc();
        byte[] ecdsa = ecc.sign(new byte[] {1, 2, 3});

        for (byte[] sig : List.of(rsa, ecdsa)) {
            assertThatThrownBy(() -> TpmtSignature.parse(Arrays.copyOf(sig, sig.length + 1)))
                    .isInstanceOf(EvidenceFormatException.class);
        }
        assertThat(TpmtSignature.parse(ecdsa).ecdsaR()).hasSize(32);
    }

    @Test
    void tpmtPublicWhenGceAkThenRsa2048RestrictedSigningWithDefaultExponent() throws Exception {
        byte[] raw = bytes(Q + "ak_pub.tpmt_public.bin");

        TpmtPublic ak = TpmtPublic.parse(raw);

        assertThat(ak.isRsa()).isTrue();
        assertThat(ak.nameAlg()).isEqualTo(TpmHash.SHA256);
        assertThat(ak.objectAttributes()).isEqualTo(0x00050072L);
        assertThat(ak.hasAttributes(TpmtPublic.RESTRICTED | TpmtPublic.SIGN_ENCRYPT | TpmtPublic.FIXED_TPM)).isTrue();
        TpmtPublic.RsaParameters p = (TpmtPublic.RsaParameters) ak.parameters();
        assertThat(p.keyBits()).isEqualTo(2048);
        assertThat(p.exponent()).isEqualTo(65537); // 0 on the wire
        assertThat(p.scheme()).isEqualTo(new TpmtPublic.Scheme(0x0014, 0x000B));
        assertThat(ak.name()).hasSize(34).startsWith(0x00, 0x0b);
        assertThat(Arrays.copyOfRange(ak.name(), 2, 34)).isEqualTo(TpmHash.SHA256.digest(raw));
        assertThat(((java.security.interfaces.RSAPublicKey) ak.publicKey()).getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void tpmtPublicWhenTrailingByteThenEvidenceFormatException() throws Exception {
        for (byte[] pub : List.of(bytes(Q + "ak_pub.tpmt_public.bin"), SoftwareAk.ecc().tpmtPublic)) {
            assertThatThrownBy(() -> TpmtPublic.parse(Arrays.copyOf(pub, pub.length + 1)))
                    .isInstanceOf(EvidenceFormatException.class);
        }
    }

    @Test
    void tpmtPublicWhenEccPointOffCurveThenEvidenceFormatException() throws Exception {
        byte[] pub = SoftwareAk.ecc().tpmtPublic;
        pub[pub.length - 1] ^= 1; // last byte of y

        assertThatThrownBy(() -> TpmtPublic.parse(pub))
                .isInstanceOfSatisfying(EvidenceFormatException.class,
                        e -> assertThat(e.field()).isEqualTo("TPMS_ECC_POINT"));
    }

    @Test
    void pcrSelectionListWhenTwoBanksThenSelectionsInWireOrder() throws Exception {
        byte[] list = hex("00000002000403ffffff000b03810080");

        PcrSelectionList parsed = PcrSelectionList.parse(list);

        assertThat(parsed.selections()).containsExactly(
                new PcrSelection(TpmHash.SHA1, new java.util.TreeSet<>(java.util.stream.IntStream.range(0, 24).boxed().toList())),
                new PcrSelection(TpmHash.SHA256, new java.util.TreeSet<>(List.of(0, 7, 23))));
    }

    @Test
    void tpm2ToolsPcrsMarshaledWhenBuiltThenBanksInSelectionOrder() throws Exception {
        byte[] v0 = new byte[32];
        byte[] v7 = new byte[32];
        v7[0] = 7;
        byte[] file = new SoftwareAk.Marshal().u32(1).u16(0x000B).u8(3).raw(hex("810000"))
                .u32(1).u32(2).tpm2b(v0).tpm2b(v7).bytes();

        List<PcrBank> banks = Tpm2ToolsPcrs.parseMarshaled(file);

        assertThat(banks).containsExactly(new PcrBank(TpmHash.SHA256, new TreeMap<>(Map.of(0, v0, 7, v7))));
    }

    @Test
    void tpm2ToolsPcrsWhenDigestCountDiffersFromSelectionThenEvidenceFormatException() throws Exception {
        byte[] file = new SoftwareAk.Marshal().u32(1).u16(0x000B).u8(3).raw(hex("810000"))
                .u32(1).u32(1).tpm2b(new byte[32]).bytes();

        assertThatThrownBy(() -> Tpm2ToolsPcrs.parseMarshaled(file))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("1 digests for 2 selected PCRs");
    }

    @Test
    void pcrBankParseJsonWhenSha256AndSha1ThenBanksWithValues() throws Exception {
        String json = """
                {"sha256": {"0": "%s", "7": "0x%s"}, "sha1": {"10": "%s"}}
                """.formatted("00".repeat(32), "AB".repeat(32), "11".repeat(20));

        Map<TpmHash, PcrBank> banks = PcrBank.parseJson(json);

        assertThat(banks.keySet()).containsExactly(TpmHash.SHA256, TpmHash.SHA1);
        assertThat(banks.get(TpmHash.SHA256).value(7)).isEqualTo(hex("ab".repeat(32)));
        assertThat(banks.get(TpmHash.SHA1).values().keySet()).containsExactly(10);
    }

    @Test
    void pcrBankParseJsonWhenMalformedThenEvidenceFormatException() {
        for (String bad : List.of("", "{", "[]", "{\"sha256\": []}", "{\"md5\": {}}", "{\"sha256\": {\"0\": \"00\"}}",
                "{\"sha256\": {\"64\": \"" + "00".repeat(32) + "\"}}", "{\"sha256\": {\"x\": \"00\"}}",
                "{\"sha256\": {\"0\": \"zz\"}}", "{\"sha256\": {}} x", "{\"sha256\": {}, \"sha256\": {}}")) {
            assertThatThrownBy(() -> PcrBank.parseJson(bad)).as(bad).isInstanceOf(EvidenceFormatException.class);
        }
    }
}

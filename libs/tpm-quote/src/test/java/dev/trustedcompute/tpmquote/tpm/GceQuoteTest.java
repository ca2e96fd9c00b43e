package dev.trustedcompute.tpmquote.tpm;

import static dev.trustedcompute.tpmquote.tpm.Fixtures.GCE;
import static dev.trustedcompute.tpmquote.tpm.Fixtures.bytes;
import static dev.trustedcompute.tpmquote.tpm.Fixtures.flip;
import static dev.trustedcompute.tpmquote.tpm.Fixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Real GCE vTPM quotes captured by go-tpm-tools (COS 85), checked against EXPECTED.json. */
class GceQuoteTest {

    record Capture(String dir, String bankLabel, TpmHash bank, JsonNode expected, byte[] nonce) {
        AkPublic ak() throws Exception {
            return AkPublic.parse(bytes(GCE + dir + "/ak_pub.tpmt_public.bin"));
        }

        byte[] attest() {
            return bytes(GCE + dir + "/" + expected.get("file_attest").asString());
        }

        byte[] signature() {
            return bytes(GCE + dir + "/" + expected.get("file_sig").asString());
        }

        PcrBank pcrs() {
            return Fixtures.bank(bank, expected.get("pcrs"));
        }

        @Override
        public String toString() {
            return dir + "/" + bankLabel;
        }
    }

    static Stream<Arguments> captures() {
        List<Arguments> out = new ArrayList<>();
        for (String dir : List.of("gce-cos-85-no-nonce", "gce-cos-85-nonce9009")) {
            JsonNode root = Fixtures.json(GCE + dir + "/EXPECTED.json");
            for (TpmHash h : List.of(TpmHash.SHA1, TpmHash.SHA256, TpmHash.SHA384)) {
                out.add(Arguments.of(new Capture(dir, h.label(), h, root.get("quotes").get(h.label()),
                        hex(root.get("nonce_hex").asString()))));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void parseWhenGceQuoteThenFieldsMatchExpected(Capture c) throws Exception {
        TpmsAttest quote = TpmsAttest.parse(c.attest());
        JsonNode e = c.expected();

        assertThat(quote.magic()).isEqualTo(TpmsAttest.TPM_GENERATED_VALUE);
        assertThat(quote.type()).isEqualTo(TpmsAttest.ST_ATTEST_QUOTE);
        assertThat(quote.extraData()).isEqualTo(hex(e.get("extraData_hex").asString()));
        assertThat(quote.clockInfo().clock()).isEqualTo(e.get("clock").asLong());
        assertThat(quote.clockInfo().resetCount()).isEqualTo(e.get("resetCount").asLong());
        assertThat(quote.clockInfo().restartCount()).isEqualTo(e.get("restartCount").asLong());
        assertThat(String.format("0x%016x", quote.firmwareVersion())).isEqualTo(e.get("firmwareVersion").asString());
        Attested.QuoteInfo info = (Attested.QuoteInfo) quote.attested();
        assertThat(info.pcrDigest()).isEqualTo(hex(e.get("pcrDigest_hex").asString()));
        assertThat(info.pcrSelect().selections()).hasSize(1);
        assertThat(info.pcrSelect().selections().get(0).hash()).isEqualTo(c.bank());
        List<Integer> expectedSelection = new ArrayList<>();
        e.get("pcr_selection").forEach(n -> expectedSelection.add(n.asInt()));
        assertThat(info.pcrSelect().selections().get(0).pcrList()).isEqualTo(expectedSelection);
        assertThat(quote.attestBytes()).isEqualTo(c.attest());

        TpmtSignature sig = TpmtSignature.parse(c.signature());
        assertThat(sig.scheme()).isEqualTo(SignatureScheme.RSASSA);
        assertThat(sig.hash().label()).isEqualTo(e.get("sig_hash").asString());
        assertThat(sig.rsaSignature()).hasSize(256);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void verifyWhenGceQuoteAndExpectedPcrsThenQuotedPcrsReturned(Capture c) throws Exception {
        QuotedPcrs quoted = c.ak().verify(TpmsAttest.parse(c.attest()), TpmtSignature.parse(c.signature()), c.pcrs(),
                c.nonce());

        assertThat(quoted.banks()).containsExactly(c.bank());
        assertThat(quoted.indices(c.bank())).hasSize(24);
        c.expected().get("pcrs").properties().forEach(p -> assertThat(quoted.value(c.bank(), Integer.parseInt(p.getKey())))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(hex(p.getValue().asString()))));
        assertThat(quoted.clockInfo().resetCount()).isEqualTo(c.expected().get("resetCount").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void verifyWhenSignatureByteFlippedThenSignatureInvalid(Capture c) throws Exception {
        byte[] sig = flip(c.signature(), 100);

        assertThatThrownBy(() -> c.ak().verify(TpmsAttest.parse(c.attest()), TpmtSignature.parse(sig), c.pcrs(),
                c.nonce()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void verifyWhenAttestClockByteFlippedThenSignatureInvalid(Capture c) throws Exception {
        int clockOffset = c.attest().length - 60; // somewhere in clockInfo/firmwareVersion
        byte[] attest = flip(c.attest(), clockOffset);

        assertThatThrownBy(() -> c.ak().verify(TpmsAttest.parse(attest), TpmtSignature.parse(c.signature()),
                c.pcrs(), c.nonce()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void verifyWhenOtherNonceThenNonceMismatch(Capture c) throws Exception {
        assertThatThrownBy(() -> c.ak().verify(TpmsAttest.parse(c.attest()), TpmtSignature.parse(c.signature()),
                c.pcrs(), hex("9010")))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NONCE_MISMATCH);
                    assertThat(e.getMessage()).contains("9010");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void verifyWhenPcr7ValueChangedThenPcrDigestMismatch(Capture c) throws Exception {
        TreeMap<Integer, byte[]> values = new TreeMap<>(c.pcrs().values());
        values.put(7, flip(values.get(7), 0));

        assertThatThrownBy(() -> c.ak().verify(TpmsAttest.parse(c.attest()), TpmtSignature.parse(c.signature()),
                new PcrBank(c.bank(), values), c.nonce()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PCR_DIGEST_MISMATCH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void verifyWhenQuotedPcrMissingThenSelectionMismatchNamesPcr(Capture c) throws Exception {
        TreeMap<Integer, byte[]> values = new TreeMap<>(c.pcrs().values());
        values.remove(14);

        assertThatThrownBy(() -> c.ak().verify(TpmsAttest.parse(c.attest()), TpmtSignature.parse(c.signature()),
                new PcrBank(c.bank(), values), c.nonce()))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PCR_SELECTION_MISMATCH);
                    assertThat(e.getMessage()).contains("PCR 14 ");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void verifyWhenUnquotedPcrSuppliedThenSelectionMismatchNamesPcr(Capture c) throws Exception {
        TreeMap<Integer, byte[]> values = new TreeMap<>(c.pcrs().values());
        values.put(24, new byte[c.bank().digestLength()]);

        assertThatThrownBy(() -> c.ak().verify(TpmsAttest.parse(c.attest()), TpmtSignature.parse(c.signature()),
                new PcrBank(c.bank(), values), c.nonce()))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PCR_SELECTION_MISMATCH);
                    assertThat(e.getMessage()).contains("PCR 24 ");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void verifyWhenPcrsOfOtherBankThenSelectionMismatch(Capture c) throws Exception {
        TpmHash other = c.bank() == TpmHash.SHA256 ? TpmHash.SHA1 : TpmHash.SHA256;
        TreeMap<Integer, byte[]> values = new TreeMap<>();
        c.pcrs().values().keySet().forEach(i -> values.put(i, new byte[other.digestLength()]));

        assertThatThrownBy(() -> c.ak().verify(TpmsAttest.parse(c.attest()), TpmtSignature.parse(c.signature()),
                new PcrBank(other, values), c.nonce()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PCR_SELECTION_MISMATCH));
    }
}

package dev.trustedcompute.tpmquote.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import dev.trustedcompute.tpmquote.fuzz.Fuzzer;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Evidence made by tpm2-tools 5.x on a real swtpm ({@code tpm2_quote -m -s -o}) verifies with our code, for
 * RSA and ECC AKs; each with a negative twin.
 */
@SwtpmTest
class Tpm2ToolsQuoteSwtpmTest {

    private static final String SELECTION = "sha256:0,1,2,7,16,23";

    @BeforeAll
    static void createKeys(Swtpm tpm) {
        tpm.tpm2("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
        tpm.flush();
        tpm.tpm2("tpm2_createak", "-C", "ek.ctx", "-c", "ak_rsa.ctx", "-G", "rsa", "-g", "sha256", "-s", "rsassa",
                "-u", "ak_rsa.pub", "-n", "ak_rsa.name");
        tpm.flush();
        tpm.tpm2("tpm2_createak", "-C", "ek.ctx", "-c", "ak_ecc.ctx", "-G", "ecc", "-g", "sha256", "-s", "ecdsa",
                "-u", "ak_ecc.pub", "-n", "ak_ecc.name");
        tpm.flush();
        tpm.tpm2("tpm2_createak", "-C", "ek.ctx", "-c", "ak_rsapss.ctx", "-G", "rsa", "-g", "sha256", "-s", "rsapss",
                "-u", "ak_rsapss.pub", "-n", "ak_rsapss.name");
        tpm.flush();
        tpm.tpm2("tpm2_createak", "-C", "ek.ctx", "-c", "ak_ecc384.ctx", "-G", "ecc384", "-g", "sha384", "-s", "ecdsa",
                "-u", "ak_ecc384.pub", "-n", "ak_ecc384.name");
        tpm.flush();
    }

    /** Extends PCR 16, quotes {@link #SELECTION} with a fresh nonce into {@code q_<alg>.*}; returns the nonce. */
    private static byte[] quote(Swtpm tpm, String alg) {
        byte[] nonce = new byte[20];
        new SecureRandom().nextBytes(nonce);
        tpm.tpm2("tpm2_pcrextend", "16:sha256=" + HexFormat.of().formatHex(nonce) + "000000000000000000000000");
        // the signing scheme must match the AK's: tpm2_quote defaults to RSASSA/ECDSA with -g
        String scheme = switch (alg) {
            case "rsa" -> "rsassa";
            case "rsapss" -> "rsapss";
            default -> "ecdsa";
        };
        tpm.tpm2("tpm2_quote", "-c", "ak_" + alg + ".ctx", "-l", SELECTION, "-q", HexFormat.of().formatHex(nonce),
                "-m", "q_" + alg + ".msg", "-s", "q_" + alg + ".sig", "-o", "q_" + alg + ".pcrs",
                "-g", alg.equals("ecc384") ? "sha384" : "sha256", "--scheme", scheme);
        tpm.flush();
        return nonce;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ecc"})
    void verifyWhenTpm2QuoteFilesThenQuotedPcrsReturned(String alg, Swtpm tpm) throws Exception {
        verifyQuote(alg, tpm);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsapss", "ecc384"})
    void verifyWhenRsaPssOrP384AkThenQuotedPcrsReturned(String alg, Swtpm tpm) throws Exception {
        verifyQuote(alg, tpm);
    }

    private static void verifyQuote(String alg, Swtpm tpm) throws Exception {
        byte[] nonce = quote(tpm, alg);
        TpmtPublic akPub = TpmtPublic.parseTpm2b(tpm.read("ak_" + alg + ".pub"));
        List<PcrBank> banks = Tpm2ToolsPcrs.parseSerialized(tpm.read("q_" + alg + ".pcrs"));
        TpmsAttest attest = TpmsAttest.parse(tpm.read("q_" + alg + ".msg"));
        TpmtSignature sig = TpmtSignature.parse(tpm.read("q_" + alg + ".sig"));

        QuotedPcrs quoted = AkPublic.of(akPub).verify(attest, sig, banks.get(0), nonce);

        assertThat(akPub.name()).isEqualTo(tpm.read("ak_" + alg + ".name"));
        assertThat(akPub.isRsa()).isEqualTo(alg.startsWith("rsa"));
        assertThat(sig.scheme()).isEqualTo(switch (alg) {
            case "rsa" -> SignatureScheme.RSASSA;
            case "rsapss" -> SignatureScheme.RSAPSS;
            default -> SignatureScheme.ECDSA;
        });
        assertThat(sig.hash()).isEqualTo(alg.equals("ecc384") ? TpmHash.SHA384 : TpmHash.SHA256);
        assertThat(banks).hasSize(1);
        TpmHash bank = banks.getFirst().hash();
        assertThat(quoted.indices(bank)).containsExactly(0, 1, 2, 7, 16, 23);
        assertThat(quoted.value(bank, 23).orElseThrow()).isEqualTo(new byte[bank.digestLength()]);
        assertThat(quoted.value(bank, 16).orElseThrow()).isNotEqualTo(new byte[bank.digestLength()]);
        assertThat(quoted.firmwareVersion()).isEqualTo(0x2019102300163636L); // libtpms
        // the same values as tpm2_pcrread's "values" output, read with the quote's selection
        Attested.QuoteInfo info = (Attested.QuoteInfo) attest.attested();
        tpm.tpm2("tpm2_pcrread", SELECTION, "-o", "now.pcrs");
        assertThat(Tpm2ToolsPcrs.parseValues(tpm.read("now.pcrs"), info.pcrSelect())).containsExactly(banks.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ecc"})
    void verifyWhenOtherNonceThenNonceMismatch(String alg, Swtpm tpm) throws Exception {
        byte[] nonce = quote(tpm, alg);
        nonce[0] ^= 1;

        assertThatThrownBy(() -> AkPublic.of(TpmtPublic.parseTpm2b(tpm.read("ak_" + alg + ".pub"))).verify(
                TpmsAttest.parse(tpm.read("q_" + alg + ".msg")), TpmtSignature.parse(tpm.read("q_" + alg + ".sig")),
                Tpm2ToolsPcrs.parseSerialized(tpm.read("q_" + alg + ".pcrs")).get(0), nonce))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NONCE_MISMATCH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ecc"})
    void verifyWhenPcrExtendedAfterQuoteThenPcrDigestMismatch(String alg, Swtpm tpm) throws Exception {
        byte[] nonce = quote(tpm, alg);
        TpmsAttest attest = TpmsAttest.parse(tpm.read("q_" + alg + ".msg"));
        tpm.tpm2("tpm2_pcrextend", "16:sha256=" + "ab".repeat(32));
        tpm.tpm2("tpm2_pcrread", SELECTION, "-o", "after.pcrs");
        PcrBank after = Tpm2ToolsPcrs.parseValues(tpm.read("after.pcrs"),
                ((Attested.QuoteInfo) attest.attested()).pcrSelect()).get(0);

        assertThatThrownBy(() -> AkPublic.of(TpmtPublic.parseTpm2b(tpm.read("ak_" + alg + ".pub"))).verify(attest,
                TpmtSignature.parse(tpm.read("q_" + alg + ".sig")), after, nonce))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PCR_DIGEST_MISMATCH));
    }

    /** One quote over two banks at once: tpm2-tools writes both banks to -o, in selection order. */
    private static List<PcrBank> quoteTwoBanks(Swtpm tpm, byte[] nonce) throws Exception {
        tpm.tpm2("tpm2_pcrextend", "16:sha256=" + "11".repeat(32) + ",sha384=" + "22".repeat(48));
        tpm.tpm2("tpm2_quote", "-c", "ak_rsa.ctx", "-l", "sha256:0,7,16+sha384:0,7,16",
                "-q", HexFormat.of().formatHex(nonce), "-m", "q2.msg", "-s", "q2.sig", "-o", "q2.pcrs", "-g", "sha256");
        tpm.flush();
        return Tpm2ToolsPcrs.parseSerialized(tpm.read("q2.pcrs"));
    }

    @Test
    void verifyWhenQuoteSelectsSha256AndSha384ThenBothBanksQuoted(Swtpm tpm) throws Exception {
        byte[] nonce = HexFormat.of().parseHex("0badc0de");
        List<PcrBank> banks = quoteTwoBanks(tpm, nonce);

        QuotedPcrs quoted = AkPublic.of(TpmtPublic.parseTpm2b(tpm.read("ak_rsa.pub"))).verify(
                TpmsAttest.parse(tpm.read("q2.msg")), TpmtSignature.parse(tpm.read("q2.sig")), banks.reversed(), nonce);

        assertThat(quoted.banks()).containsExactly(TpmHash.SHA256, TpmHash.SHA384);
        assertThat(quoted.indices(TpmHash.SHA384)).containsExactly(0, 7, 16);
        assertThat(quoted.value(TpmHash.SHA384, 16).orElseThrow()).hasSize(48).isNotEqualTo(new byte[48]);
        assertThat(quoted.value(TpmHash.SHA256, 16).orElseThrow()).hasSize(32);
    }

    @Test
    void verifyWhenTwoBankQuoteButOneBankSuppliedThenPcrSelectionMismatch(Swtpm tpm) throws Exception {
        byte[] nonce = HexFormat.of().parseHex("0badc0de");
        List<PcrBank> banks = quoteTwoBanks(tpm, nonce);

        assertThatThrownBy(() -> AkPublic.of(TpmtPublic.parseTpm2b(tpm.read("ak_rsa.pub"))).verify(
                TpmsAttest.parse(tpm.read("q2.msg")), TpmtSignature.parse(tpm.read("q2.sig")), banks.get(0), nonce))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PCR_SELECTION_MISMATCH);
                    assertThat(e.getMessage()).contains("sha384");
                });
    }

    @Test
    void verifyWhenTwoBankQuoteAndSha384ValueChangedThenPcrDigestMismatch(Swtpm tpm) throws Exception {
        byte[] nonce = HexFormat.of().parseHex("0badc0de");
        List<PcrBank> banks = quoteTwoBanks(tpm, nonce);
        java.util.TreeMap<Integer, byte[]> sha384 = new java.util.TreeMap<>(banks.get(1).values());
        sha384.put(16, new byte[48]); // PCR16 was extended above, so zeros are a change
        List<PcrBank> tampered = List.of(banks.get(0), new PcrBank(TpmHash.SHA384, sha384));

        assertThatThrownBy(() -> AkPublic.of(TpmtPublic.parseTpm2b(tpm.read("ak_rsa.pub"))).verify(
                TpmsAttest.parse(tpm.read("q2.msg")), TpmtSignature.parse(tpm.read("q2.sig")), tampered, nonce))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PCR_DIGEST_MISMATCH));
    }

    @Test
    void verifyWhenQuotedByOtherAkThenSignatureInvalid(Swtpm tpm) throws Exception {
        byte[] nonce = quote(tpm, "rsa");
        // a second RSA AK under the same EK
        tpm.tpm2("tpm2_createak", "-C", "ek.ctx", "-c", "ak_other.ctx", "-G", "rsa", "-g", "sha256", "-s", "rsassa",
                "-u", "ak_other.pub", "-n", "ak_other.name");
        tpm.flush();

        assertThatThrownBy(() -> AkPublic.of(TpmtPublic.parseTpm2b(tpm.read("ak_other.pub"))).verify(
                TpmsAttest.parse(tpm.read("q_rsa.msg")), TpmtSignature.parse(tpm.read("q_rsa.sig")),
                Tpm2ToolsPcrs.parseSerialized(tpm.read("q_rsa.pcrs")).get(0), nonce))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    @Test
    void parsersWhenTpm2ToolsFilesTruncatedOrFlippedThenOnlyEvidenceExceptions(Swtpm tpm) throws Exception {
        quote(tpm, "ecc");
        byte[] pcrs = tpm.read("q_ecc.pcrs");
        byte[] sig = tpm.read("q_ecc.sig");
        byte[] msg = tpm.read("q_ecc.msg");
        byte[] akPub = tpm.read("ak_ecc.pub");

        // files made at test time complement the fuzz catalog's captured seeds: tpm2-tools' serialized PCRs, an
        // ECDSA signature and an ECC TPM2B_PUBLIC
        Fuzzer.assertEveryPrefixRejected("tpm2_quote -o", pcrs, Tpm2ToolsPcrs::parseSerialized);
        Fuzzer.run("tpm2_quote -o", List.of(pcrs), Tpm2ToolsPcrs::parseSerialized, Fuzzer.Allowed.FORMAT);
        Fuzzer.assertEveryPrefixRejected("tpm2_quote -s ecdsa", sig, TpmtSignature::parse);
        Fuzzer.run("tpm2_quote -s ecdsa", List.of(sig), TpmtSignature::parse, Fuzzer.Allowed.FORMAT);
        Fuzzer.assertEveryPrefixRejected("tpm2_quote -m", msg, TpmsAttest::parse);
        Fuzzer.assertEveryPrefixRejected("tpm2_createak -u ecc", akPub, TpmtPublic::parseTpm2b);
        Fuzzer.run("tpm2_createak -u ecc", List.of(akPub), TpmtPublic::parseTpm2b, Fuzzer.Allowed.FORMAT);
    }

    @Test
    void verifySignatureWhenTpm2CertifyThenCertifyInfoNamesKeyAndQuoteVerifyRejectsType(Swtpm tpm)
            throws Exception {
        // the AK certifies that a key lives in the same TPM (as a verifier does for application keys)
        tpm.tpm2("tpm2_createprimary", "-C", "o", "-c", "primary.ctx");
        tpm.flush();
        tpm.tpm2("tpm2_create", "-C", "primary.ctx", "-G", "ecc", "-u", "key.pub", "-r", "key.priv");
        tpm.flush();
        tpm.tpm2("tpm2_load", "-C", "primary.ctx", "-u", "key.pub", "-r", "key.priv", "-c", "key.ctx", "-n", "key.name");
        tpm.flush();
        tpm.tpm2("tpm2_certify", "-c", "key.ctx", "-C", "ak_rsa.ctx", "-g", "sha256",
                "-o", "certify.msg", "-s", "certify.sig");
        tpm.flush();
        AkPublic ak = AkPublic.of(TpmtPublic.parseTpm2b(tpm.read("ak_rsa.pub")));
        TpmsAttest attest = TpmsAttest.parse(tpm.read("certify.msg"));
        TpmtSignature sig = TpmtSignature.parse(tpm.read("certify.sig"));

        ak.verifySignature(attest, sig);

        assertThat(attest.type()).isEqualTo(TpmsAttest.ST_ATTEST_CERTIFY);
        // tpm2_certify 5.4 has no qualifying-data option and always sends these four bytes
        byte[] qualifyingData = HexFormat.of().parseHex("00ff55aa");
        assertThat(attest.extraData()).isEqualTo(qualifyingData);
        Attested.CertifyInfo info = (Attested.CertifyInfo) attest.attested();
        assertThat(info.name()).isEqualTo(tpm.read("key.name"));
        assertThat(info.name()).isEqualTo(TpmtPublic.parseTpm2b(tpm.read("key.pub")).name());
        assertThatThrownBy(() -> ak.verify(attest, sig, new PcrBank(TpmHash.SHA256, new java.util.TreeMap<>()),
                qualifyingData))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_ATTEST_TYPE));
        Fuzzer.assertEveryPrefixRejected("tpm2_certify -o", tpm.read("certify.msg"), TpmsAttest::parse);
    }
}

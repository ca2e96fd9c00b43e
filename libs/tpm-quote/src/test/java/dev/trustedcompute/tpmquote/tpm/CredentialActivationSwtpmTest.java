package dev.trustedcompute.tpmquote.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our MakeCredential against the real TPM2_ActivateCredential of swtpm (through tpm2-tools), for RSA and
 * ECC EKs: the TPM recovers the secret only for the AK name it was made for.
 */
@SwtpmTest
class CredentialActivationSwtpmTest {

    @BeforeAll
    static void createKeys(Swtpm tpm) {
        for (String alg : new String[] {"rsa", "ecc"}) {
            tpm.tpm2("tpm2_createek", "-c", "ek_" + alg + ".ctx", "-G", alg, "-u", "ek_" + alg + ".pub");
            tpm.flush();
            tpm.tpm2("tpm2_createak", "-C", "ek_" + alg + ".ctx", "-c", "ak_" + alg + ".ctx", "-G", alg, "-g",
                    "sha256", "-s", alg.equals("rsa") ? "rsassa" : "ecdsa", "-u", "ak_" + alg + ".pub", "-n",
                    "ak_" + alg + ".name");
            tpm.flush();
        }
    }

    /** TPM2_ActivateCredential with the EK's PolicySecret(endorsement) session; returns the tool result. */
    private static Swtpm.Result activate(Swtpm tpm, String alg, byte[] credentialFile) {
        tpm.write("cred.in", credentialFile);
        tpm.tpm2("tpm2_startauthsession", "--policy-session", "-S", "session.ctx");
        tpm.tpm2("tpm2_policysecret", "-S", "session.ctx", "-c", "e");
        Swtpm.Result r = tpm.tpm2Result("tpm2_activatecredential", "-c", "ak_" + alg + ".ctx", "-C",
                "ek_" + alg + ".ctx", "-i", "cred.in", "-o", "cred.out", "-P", "session:session.ctx");
        tpm.tpm2Result("tpm2_flushcontext", "session.ctx");
        tpm.flush();
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ecc"})
    void activateWhenMadeForEkAndAkNameThenTpmReturnsSecret(String alg, Swtpm tpm) throws Exception {
        TpmtPublic ek = TpmtPublic.parseTpm2b(tpm.read("ek_" + alg + ".pub"));
        TpmtPublic ak = TpmtPublic.parseTpm2b(tpm.read("ak_" + alg + ".pub"));
        byte[] secret = ("secret-for-" + alg + "-0123456789").getBytes(StandardCharsets.US_ASCII);

        CredentialChallenge challenge = CredentialChallenge.make(ek, ak, secret, new SecureRandom());
        Swtpm.Result result = activate(tpm, alg, challenge.tpm2ToolsCredentialFile());

        assertThat(result.ok()).as(result.stderr()).isTrue();
        assertThat(tpm.read("cred.out")).isEqualTo(secret);
        challenge.verifyActivated(tpm.read("cred.out"));
        assertThat(ak.name()).isEqualTo(tpm.read("ak_" + alg + ".name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ecc"})
    void activateWhenMadeForOtherAkNameThenTpmRefuses(String alg, Swtpm tpm) throws Exception {
        TpmtPublic ek = TpmtPublic.parseTpm2b(tpm.read("ek_" + alg + ".pub"));
        byte[] wrongName = TpmtPublic.parseTpm2b(tpm.read("ak_" + alg + ".pub")).name();
        wrongName[5] ^= 1;
        byte[] secret = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        CredentialChallenge challenge = CredentialChallenge.make(ek, wrongName, secret, new SecureRandom());
        Swtpm.Result result = activate(tpm, alg, challenge.tpm2ToolsCredentialFile());

        assertThat(result.ok()).isFalse();
        assertThat(result.stderr()).containsIgnoringCase("integrity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ecc"})
    void verifyActivatedWhenOtherSecretReturnedThenCredentialMismatch(String alg, Swtpm tpm) throws Exception {
        TpmtPublic ek = TpmtPublic.parseTpm2b(tpm.read("ek_" + alg + ".pub"));
        TpmtPublic ak = TpmtPublic.parseTpm2b(tpm.read("ak_" + alg + ".pub"));
        CredentialChallenge challenge = CredentialChallenge.make(ek, ak, "the real one".getBytes(StandardCharsets.US_ASCII),
                new SecureRandom());

        assertThatThrownBy(() -> challenge.verifyActivated("a guessed one".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CREDENTIAL_MISMATCH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ecc"})
    void makeWhenKeyIsAkNotEkThenKeyMismatch(String alg, Swtpm tpm) throws Exception {
        TpmtPublic ak = TpmtPublic.parseTpm2b(tpm.read("ak_" + alg + ".pub"));

        assertThatThrownBy(() -> CredentialChallenge.make(ak, ak, new byte[16], new SecureRandom()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISMATCH));
    }
}

package dev.trustedcompute.trustagent.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.CredentialChallenge;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtPublic;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent's TPM operations against a real swtpm over TSS.Java; every quote is verified with libs/tpm-quote
 * ({@code AkPublic.verify}) and every test ends with no transient object or session left in the TPM.
 */
@SwtpmTest
class AgentTpmSwtpmTest {

    private static final int RSA_AK = 0x81018000;
    private static final int ECC_AK = 0x81018001;

    private AgentTpm tpm;

    @BeforeEach
    void connect(Swtpm swtpm) throws AgentException {
        tpm = new AgentTpm(TpmEndpoint.parse(swtpm.tcti()));
    }

    @AfterEach
    void noHandleLeftBehind() throws AgentException {
        assertThat(tpm.transientHandles()).as("transient objects and sessions left in the TPM").isEmpty();
    }

    private static int handle(AkAlgorithm algorithm) {
        return algorithm == AkAlgorithm.RSA_2048 ? RSA_AK : ECC_AK;
    }

    private byte[] ak(AkAlgorithm algorithm) throws AgentException {
        return tpm.persistentPublic(handle(algorithm)).isPresent()
                ? tpm.persistentPublic(handle(algorithm)).orElseThrow()
                : tpm.createAk(algorithm, handle(algorithm));
    }

    @ParameterizedTest
    @EnumSource(AkAlgorithm.class)
    void createAkWhenCalledThenRestrictedSigningKeyPersistedAtHandle(AkAlgorithm algorithm) throws Exception {
        byte[] created = tpm.createAk(algorithm, handle(algorithm));

        TpmtPublic ak = TpmtPublic.parse(created);
        assertThat(ak.hasAttributes(TpmtPublic.RESTRICTED | TpmtPublic.SIGN_ENCRYPT | TpmtPublic.FIXED_TPM)).isTrue();
        assertThat(ak.hasAttributes(TpmtPublic.DECRYPT)).isFalse();
        assertThat(ak.isRsa()).isEqualTo(algorithm == AkAlgorithm.RSA_2048);
        assertThat(tpm.persistentPublic(handle(algorithm))).hasValueSatisfying(p -> assertThat(p).isEqualTo(created));
    }

    @ParameterizedTest
    @EnumSource(AkAlgorithm.class)
    void quoteWhenVerifiedWithTheAkAndNonceThenQuotedPcrsEqualTpmValues(AkAlgorithm algorithm, Swtpm swtpm)
            throws Exception {
        byte[] akPublic = ak(algorithm);
        swtpm.tpm2("tpm2_pcrextend", "7:sha256=" + "ab".repeat(32));
        byte[] nonce = TpmHash.SHA256.digest("nonce".getBytes(StandardCharsets.US_ASCII));

        TpmQuoteResult quote = tpm.quote(handle(algorithm), PcrRequest.parse(List.of("sha256:0,1,7")), nonce);

        var quoted = AkPublic.parse(akPublic).verify(TpmsAttest.parse(quote.attest()),
                TpmtSignature.parse(quote.signature()), new PcrBank(TpmHash.SHA256, quote.pcrs().get(TpmHash.SHA256)),
                nonce);
        assertThat(quoted.indices(TpmHash.SHA256)).containsExactly(0, 1, 7);
        String pcr7 = swtpm.tpm2("tpm2_pcrread", "sha256:7").stdout();
        assertThat(pcr7.toLowerCase()).contains(HexFormat.of().formatHex(quoted.value(TpmHash.SHA256, 7).orElseThrow()));
        assertThat(quoted.clockInfo().resetCount()).isEqualTo(tpm.clock().resetCount());
    }

    @ParameterizedTest
    @EnumSource(AkAlgorithm.class)
    void quoteWhenVerifiedWithAnotherNonceThenNonceMismatch(AkAlgorithm algorithm) throws Exception {
        byte[] akPublic = ak(algorithm);
        byte[] nonce = TpmHash.SHA256.digest("nonce".getBytes(StandardCharsets.US_ASCII));

        TpmQuoteResult quote = tpm.quote(handle(algorithm), PcrRequest.parse(List.of("sha256:0")), nonce);

        byte[] other = nonce.clone();
        other[0] ^= 1;
        assertThatThrownBy(() -> AkPublic.parse(akPublic).verify(TpmsAttest.parse(quote.attest()),
                TpmtSignature.parse(quote.signature()), new PcrBank(TpmHash.SHA256, quote.pcrs().get(TpmHash.SHA256)),
                other))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NONCE_MISMATCH));
    }

    @Test
    void quoteWhenMoreThanEightPcrsOfTwoBanksThenAllReadAndTheQuoteVerifies() throws Exception {
        byte[] akPublic = ak(AkAlgorithm.RSA_2048);

        TpmQuoteResult quote = tpm.quote(RSA_AK, PcrRequest.parse(List.of("sha1:0,1,2,3,4,5,6,7,8,9",
                "sha256:0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23")), new byte[32]);

        var quoted = AkPublic.parse(akPublic).verify(TpmsAttest.parse(quote.attest()),
                TpmtSignature.parse(quote.signature()), List.of(
                        new PcrBank(TpmHash.SHA1, quote.pcrs().get(TpmHash.SHA1)),
                        new PcrBank(TpmHash.SHA256, quote.pcrs().get(TpmHash.SHA256))), new byte[32]);
        assertThat(quoted.indices(TpmHash.SHA1)).hasSize(10);
        assertThat(quoted.indices(TpmHash.SHA256)).hasSize(24);
        assertThat(quoted.value(TpmHash.SHA256, 16)).hasValueSatisfying(v -> assertThat(v).isEqualTo(new byte[32]));
    }

    @Test
    void quoteWhenAkHandleEmptyThenTpmError() {
        assertThatThrownBy(() -> tpm.quote(0x81018ff0, PcrRequest.parse(List.of("sha256:0")), new byte[32]))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.TPM_ERROR);
                    assertThat(e.getMessage()).contains("Quote");
                });
    }

    @ParameterizedTest
    @EnumSource(AkAlgorithm.class)
    void activateCredentialWhenMadeForEkAndAkThenSecretRecovered(AkAlgorithm algorithm) throws Exception {
        TpmtPublic akPublic = TpmtPublic.parse(ak(algorithm));
        TpmtPublic ek = TpmtPublic.parse(tpm.endorsementKey().tpmtPublic());
        byte[] secret = "a secret of 32 bytes for the AK!".getBytes(StandardCharsets.US_ASCII);
        CredentialChallenge challenge = CredentialChallenge.make(ek, akPublic, secret, new SecureRandom());

        byte[] recovered = activate(algorithm, challenge);

        challenge.verifyActivated(recovered);
    }

    @Test
    void activateCredentialWhenMadeForAnotherAkNameThenTpmRefuses() throws Exception {
        byte[] name = TpmtPublic.parse(ak(AkAlgorithm.RSA_2048)).name();
        name[4] ^= 1;
        TpmtPublic ek = TpmtPublic.parse(tpm.endorsementKey().tpmtPublic());
        CredentialChallenge challenge = CredentialChallenge.make(ek, name, new byte[16], new SecureRandom());

        assertThatThrownBy(() -> activate(AkAlgorithm.RSA_2048, challenge))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.TPM_ERROR);
                    assertThat(e.getMessage()).contains("ActivateCredential");
                });
    }

    private byte[] activate(AkAlgorithm algorithm, CredentialChallenge challenge) throws AgentException {
        byte[] id = challenge.idObject();
        int hmacLength = ((id[2] & 0xff) << 8) | (id[3] & 0xff);
        byte[] hmac = Arrays.copyOfRange(id, 4, 4 + hmacLength);
        byte[] encIdentity = Arrays.copyOfRange(id, 4 + hmacLength, id.length);
        byte[] secret = challenge.encryptedSecret();
        return tpm.activateCredential(handle(algorithm), hmac, encIdentity, Arrays.copyOfRange(secret, 2,
                secret.length));
    }

    @Test
    void endorsementKeyWhenNoCertificateProvisionedThenEmptyCertificate() throws Exception {
        EndorsementKey ek = tpm.endorsementKey();

        assertThat(ek.certificate()).isEmpty();
        assertThat(TpmtPublic.parse(ek.tpmtPublic()).hasAttributes(TpmtPublic.RESTRICTED | TpmtPublic.DECRYPT)).isTrue();
    }

    @Test
    void nvReadWhenIndexUndefinedThenEmpty() throws Exception {
        assertThat(tpm.nvRead(0x01400001)).isEmpty();
    }

    @Test
    void clockWhenTpmRebootedThenResetCountIncreases(Swtpm swtpm) throws Exception {
        long before = tpm.clock().resetCount();

        swtpm.reboot();

        assertThat(tpm.clock().resetCount()).isEqualTo(before + 1);
    }
}

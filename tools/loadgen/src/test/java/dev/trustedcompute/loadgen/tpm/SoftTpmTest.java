package dev.trustedcompute.loadgen.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.eventlog.VerifiedEvents;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.CredentialChallenge;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtPublic;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import java.security.SecureRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The simulator's output is checked only with libs/tpm-quote's parsers and verifiers, the code HVS and KBS run. */
class SoftTpmTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SyntheticEventLog LOG = SyntheticEventLog.of("loadgen workload");

    @ParameterizedTest
    @EnumSource(AkAlgorithm.class)
    void quoteWhenVerifiedByTpmQuoteThenProvesThePcrsAndTheEventLogReplays(AkAlgorithm alg) throws Exception {
        SoftTpm tpm = SoftTpm.create(alg, 7, RANDOM);
        byte[] nonce = RANDOM.generateSeed(32);

        SoftTpm.Quote quote = tpm.quote(nonce, LOG.sha256Pcrs());
        QuotedPcrs quoted = AkPublic.parse(tpm.akPublic()).verify(TpmsAttest.parse(quote.attest()),
                TpmtSignature.parse(quote.signature()), bank(), nonce);
        VerifiedEvents events = EventLog.parse(LOG.bytes()).replay(quoted);

        assertThat(quoted.indices(TpmHash.SHA256)).hasSize(24);
        assertThat(quoted.clockInfo().resetCount()).isEqualTo(7);
        assertThat(quoted.value(TpmHash.SHA256, 11)).hasValue(LOG.sha256Pcrs().get(11));
        assertThat(events.events(11)).hasSize(1);
        assertThat(events.events()).hasSize(13);
        assertThat(AkPublic.fromSubjectPublicKeyInfo(tpm.akSubjectPublicKeyInfo()).verify(
                TpmsAttest.parse(quote.attest()), TpmtSignature.parse(quote.signature()), bank(), nonce)).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(AkAlgorithm.class)
    void quoteWhenNonceOrBytesDifferThenVerificationFails(AkAlgorithm alg) throws Exception {
        SoftTpm tpm = SoftTpm.create(alg, 1, RANDOM);
        byte[] nonce = RANDOM.generateSeed(32);
        SoftTpm.Quote quote = tpm.quote(nonce, LOG.sha256Pcrs());
        AkPublic ak = AkPublic.parse(tpm.akPublic());
        byte[] tampered = quote.attest().clone();
        tampered[tampered.length - 1] ^= 1;

        assertThatThrownBy(() -> ak.verify(TpmsAttest.parse(quote.attest()), TpmtSignature.parse(quote.signature()),
                bank(), RANDOM.generateSeed(32)))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NONCE_MISMATCH));
        assertThatThrownBy(() -> ak.verify(TpmsAttest.parse(tampered), TpmtSignature.parse(quote.signature()),
                bank(), nonce))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    @ParameterizedTest
    @EnumSource(AkAlgorithm.class)
    void replayWhenAQuotedPcrDiffersFromTheLogThenMismatch(AkAlgorithm alg) throws Exception {
        SoftTpm tpm = SoftTpm.create(alg, 1, RANDOM);
        byte[] nonce = RANDOM.generateSeed(32);
        TreeMap<Integer, byte[]> pcrs = new TreeMap<>(LOG.sha256Pcrs());
        pcrs.put(8, new byte[32]);
        SoftTpm.Quote quote = tpm.quote(nonce, pcrs);
        QuotedPcrs quoted = AkPublic.parse(tpm.akPublic()).verify(TpmsAttest.parse(quote.attest()),
                TpmtSignature.parse(quote.signature()), new PcrBank(TpmHash.SHA256, pcrs), nonce);

        assertThatThrownBy(() -> EventLog.parse(LOG.bytes()).replay(quoted))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EVENT_LOG_REPLAY_MISMATCH));
    }

    @ParameterizedTest
    @EnumSource(AkAlgorithm.class)
    void activateCredentialWhenMadeByTpmQuoteForThisEkAndAkThenRecoversTheSecret(AkAlgorithm alg) throws Exception {
        SoftTpm tpm = SoftTpm.create(alg, 1, RANDOM);
        byte[] secret = RANDOM.generateSeed(32);
        CredentialChallenge challenge = CredentialChallenge.make(TpmtPublic.parse(tpm.ekPublic()),
                TpmtPublic.parse(tpm.akPublic()), secret, RANDOM);

        byte[] recovered = tpm.activateCredential(challenge.idObject(), challenge.encryptedSecret());

        assertThat(recovered).isEqualTo(secret);
        challenge.verifyActivated(recovered);
    }

    @ParameterizedTest
    @EnumSource(AkAlgorithm.class)
    void activateCredentialWhenMadeForAnotherAkThenIntegrityFailure(AkAlgorithm alg) throws Exception {
        SoftTpm tpm = SoftTpm.create(alg, 1, RANDOM);
        SoftTpm other = SoftTpm.create(alg, 1, RANDOM);
        CredentialChallenge challenge = CredentialChallenge.make(TpmtPublic.parse(tpm.ekPublic()),
                TpmtPublic.parse(other.akPublic()), RANDOM.generateSeed(32), RANDOM);

        assertThatThrownBy(() -> tpm.activateCredential(challenge.idObject(), challenge.encryptedSecret()))
                .isInstanceOf(CredentialActivationException.class).hasMessageContaining("TPM_RC_INTEGRITY");
    }

    private static PcrBank bank() {
        return new PcrBank(TpmHash.SHA256, new TreeMap<>(LOG.sha256Pcrs()));
    }
}

package dev.trustedcompute.trustagent.onboarding;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.ak.AkManager;
import dev.trustedcompute.trustagent.ak.AttestationKey;
import dev.trustedcompute.trustagent.hostinfo.HostInfoCollector;
import dev.trustedcompute.trustagent.state.OnboardingRecord;
import dev.trustedcompute.trustagent.state.StateDirectory;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.AkAlgorithm;
import dev.trustedcompute.trustagent.tpm.EndorsementKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;

/**
 * Proves the AK to HVS (Intel SecL's AIK provisioning, without a Privacy CA): HVS makes a credential for the
 * TPM's EK and the AK's name; only this TPM can activate it, and only for that AK, so returning the secret shows
 * HVS that the AK is a restricted key of a TPM with that EK. HVS then pins the AK to the host and may issue NATS
 * credentials scoped to the host's subjects, which are stored (0600) in the state directory.
 */
public final class Onboarding {

    private static final System.Logger LOG = System.getLogger(Onboarding.class.getName());

    private final AgentTpm tpm;
    private final AkManager akManager;
    private final HostInfoCollector hostInfo;
    private final StateDirectory state;
    private final Clock clock;

    public Onboarding(AgentTpm tpm, AkManager akManager, HostInfoCollector hostInfo, StateDirectory state,
                      Clock clock) {
        this.tpm = tpm;
        this.akManager = akManager;
        this.hostInfo = hostInfo;
        this.state = state;
        this.clock = clock;
    }

    /**
     * Runs the challenge round trip and records the result.
     *
     * @param akHandle  persistent handle for the AK (kept when it already holds the agent's AK)
     */
    public OnboardingRecord onboard(HvsClient hvs, String hvsUrl, HostId hostId, AkAlgorithm algorithm, int akHandle)
            throws AgentException {
        AttestationKey ak = akManager.ensure(algorithm, akHandle);
        EndorsementKey ek = tpm.endorsementKey();
        Base64.Encoder b64 = Base64.getEncoder();
        HvsOnboardingApi.Challenge challenge = hvs.requestChallenge(new HvsOnboardingApi.ChallengeRequest(
                hostId.value(), hostInfo.hostName(), hostInfo.hardwareUuid(), b64.encodeToString(ek.tpmtPublic()),
                ek.certificate().map(b64::encodeToString).orElse(null), b64.encodeToString(ak.tpmtPublic().publicBytes())));
        CredentialBlob blob = CredentialBlob.parse(challenge.credentialBlob(), challenge.encryptedSecret());
        byte[] secret;
        try {
            secret = tpm.activateCredential(ak.handle(), blob.integrityHmac(), blob.encIdentity(),
                    blob.encryptedSecret());
        } catch (AgentException e) {
            throw new AgentException(e.failure(), "the TPM refused HVS's credential (was it made for this TPM's EK "
                    + "and AK?): " + e.getMessage(), e);
        }
        HvsOnboardingApi.Activation activation = hvs.answer(challenge.challengeId(),
                new HvsOnboardingApi.ChallengeAnswer(b64.encodeToString(secret)));
        if (activation.akName() == null || !activation.akName().toLowerCase(Locale.ROOT).equals(ak.nameHex())) {
            throw new AgentException(Failure.HVS_REFUSED, "HVS pinned AK " + activation.akName() + ", not this node's "
                    + ak.nameHex());
        }
        HostId registered;
        try {
            registered = HostId.of(activation.hostId());
        } catch (IllegalArgumentException e) {
            throw new AgentException(Failure.HVS_UNREACHABLE, "HVS answered with an invalid host id: "
                    + e.getMessage(), e);
        }
        if (activation.hostUuid() == null) {
            throw new AgentException(Failure.HVS_UNREACHABLE, "HVS answered without a hostUuid");
        }
        boolean creds = activation.natsCredentials() != null;
        if (creds) {
            state.write(OnboardingRecord.NATS_CREDENTIALS_FILE,
                    activation.natsCredentials().getBytes(StandardCharsets.UTF_8));
        } else {
            state.delete(OnboardingRecord.NATS_CREDENTIALS_FILE);
        }
        OnboardingRecord record = new OnboardingRecord(registered.value(), activation.hostUuid(), ak.nameHex(), hvsUrl,
                clock.instant(), creds);
        state.writeJson(OnboardingRecord.FILE, record);
        LOG.log(System.Logger.Level.INFO, "onboarded with HVS {0} as host {1} ({2}); NATS credentials: {3}", hvsUrl,
                registered, activation.hostUuid(), creds ? "issued" : "none");
        return record;
    }
}

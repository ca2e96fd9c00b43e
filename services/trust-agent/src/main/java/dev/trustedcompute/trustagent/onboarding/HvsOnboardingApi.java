package dev.trustedcompute.trustagent.onboarding;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * HVS's onboarding contract (fixed; HVS implements it under {@code /hvs/v2/onboarding}, token permission
 * {@code HVS:hosts:onboard}). Byte fields are standard base64.
 */
public final class HvsOnboardingApi {

    private HvsOnboardingApi() {
    }

    /**
     * {@code POST /hvs/v2/onboarding/challenges}, answered 201 with a {@link Challenge}.
     *
     * @param hostId        the NATS host id the agent will use
     * @param ekPublic      the EK's TPMT_PUBLIC
     * @param ekCertificate DER EK certificate from the TPM's NV, omitted when the TPM has none
     * @param akPublic      the AK's TPMT_PUBLIC
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChallengeRequest(String hostId, String hostName, String hardwareUuid, String ekPublic,
                                   String ekCertificate, String akPublic) {
    }

    /**
     * HVS's MakeCredential for the EK and the AK's name.
     *
     * @param credentialBlob  TPM2B_ID_OBJECT
     * @param encryptedSecret TPM2B_ENCRYPTED_SECRET
     */
    public record Challenge(String challengeId, String credentialBlob, String encryptedSecret, Instant expiresAt) {
    }

    /** {@code POST /hvs/v2/onboarding/challenges/{challengeId}/response}: the secret the TPM recovered. */
    public record ChallengeAnswer(String secret) {
    }

    /**
     * 200 when the secret matched: HVS pinned the AK to the host.
     *
     * @param akName          hex TPM name of the pinned AK
     * @param natsCredentials NATS .creds text for this host's subjects, or null when HVS issues none
     */
    public record Activation(String hostUuid, String hostId, String akName, String natsCredentials) {
    }
}

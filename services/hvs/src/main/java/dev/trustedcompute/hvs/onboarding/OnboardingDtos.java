package dev.trustedcompute.hvs.onboarding;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** Wire shapes of AK onboarding (the contract the trust agent codes against). */
public final class OnboardingDtos {

    private OnboardingDtos() {
    }

    @Schema(name = "ChallengeRequest")
    public record ChallengeRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The agent's NATS host id") String hostId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String hostName,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "SMBIOS system UUID") String hardwareUuid,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "base64 TPMT_PUBLIC of the EK") String ekPublic,
            @Schema(description = "base64 DER EK certificate (from the TPM's NV); checked against the endorsement CAs")
            String ekCertificate,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "base64 TPMT_PUBLIC of the AK: restricted signing key, fixedTPM, fixedParent")
            String akPublic) {
    }

    @Schema(name = "ChallengeIssued", description = "Inputs of TPM2_ActivateCredential (AK as activateHandle, EK as keyHandle)")
    public record ChallengeIssued(UUID challengeId,
                                  @Schema(description = "base64 TPM2B_ID_OBJECT (with its size)") String credentialBlob,
                                  @Schema(description = "base64 TPM2B_ENCRYPTED_SECRET (with its size)") String encryptedSecret,
                                  Instant expiresAt) {
    }

    @Schema(name = "ChallengeResponse")
    public record ChallengeResponse(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, accessMode = Schema.AccessMode.WRITE_ONLY,
                    description = "base64 of the secret TPM2_ActivateCredential returned") String secret) {
        @Override
        public String toString() {
            return "ChallengeResponse[***]";
        }
    }

    @Schema(name = "Onboarded")
    public record Onboarded(UUID hostUuid,
                            @Schema(description = "The agent's NATS host id") String hostId,
                            @Schema(description = "TPM name of the pinned AK, hex") String akName,
                            @Schema(description = "NATS .creds text for this host (user JWT + seed); null when HVS has no "
                                    + "NATS account signing key configured") String natsCredentials) {
        @Override
        public String toString() {
            return "Onboarded[hostUuid=" + hostUuid + ", hostId=" + hostId + ", akName=" + akName + "]";
        }
    }
}

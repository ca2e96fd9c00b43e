package dev.trustedcompute.loadgen.agents;

import dev.trustedcompute.loadgen.http.JsonHttp;
import dev.trustedcompute.loadgen.tpm.CredentialActivationException;
import dev.trustedcompute.loadgen.tpm.SoftTpm;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HVS's onboarding REST contract as the trust agent runs it: challenge for the EK and AK, ActivateCredential on the
 * (software) TPM, answer. Returns the NATS credentials HVS issued (null on a NATS server without per-host auth).
 */
final class HvsOnboarding {
    private final JsonHttp hvs;
    private final String bearer;

    HvsOnboarding(JsonHttp hvs, String token) {
        this.hvs = hvs;
        this.bearer = "Bearer " + token;
    }

    String onboard(SoftTpm tpm, String hostId, String hardwareUuid)
            throws IOException, InterruptedException, OnboardingException {
        Base64.Encoder b64 = Base64.getEncoder();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("hostId", hostId);
        request.put("hostName", hostId);
        request.put("hardwareUuid", hardwareUuid);
        request.put("ekPublic", b64.encodeToString(tpm.ekPublic()));
        request.put("akPublic", b64.encodeToString(tpm.akPublic()));
        JsonHttp.Response challenge = hvs.postJson("/hvs/v2/onboarding/challenges", request, "Authorization", bearer);
        if (challenge.status() != 201) {
            throw new OnboardingException("challenge-" + challenge.status(), challenge.body());
        }
        Map<String, Object> c = challenge.json();
        byte[] secret;
        try {
            secret = tpm.activateCredential(Base64.getDecoder().decode((String) c.get("credentialBlob")),
                    Base64.getDecoder().decode((String) c.get("encryptedSecret")));
        } catch (CredentialActivationException e) {
            throw new OnboardingException("activate-credential", e.getMessage());
        }
        JsonHttp.Response answer = hvs.postJson("/hvs/v2/onboarding/challenges/" + c.get("challengeId") + "/response",
                Map.of("secret", b64.encodeToString(secret)), "Authorization", bearer);
        if (answer.status() != 200) {
            throw new OnboardingException("response-" + answer.status(), answer.body());
        }
        return (String) answer.json().get("natsCredentials");
    }

    /** HVS refused a step; {@code kind} names it for the error counts. */
    static final class OnboardingException extends Exception {
        final String kind;

        OnboardingException(String kind, String detail) {
            super(kind + ": " + detail);
            this.kind = kind;
        }
    }
}

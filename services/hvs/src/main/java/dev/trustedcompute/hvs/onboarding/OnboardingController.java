package dev.trustedcompute.hvs.onboarding;

import dev.trustedcompute.hvs.HvsPermissions;
import dev.trustedcompute.hvs.onboarding.OnboardingDtos.ChallengeIssued;
import dev.trustedcompute.hvs.onboarding.OnboardingDtos.ChallengeRequest;
import dev.trustedcompute.hvs.onboarding.OnboardingDtos.ChallengeResponse;
import dev.trustedcompute.hvs.onboarding.OnboardingDtos.Onboarded;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** AK onboarding by trust agents. Logic-free: converts and delegates to {@link OnboardingService}. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "onboarding", description = "Pin a TPM attestation key to a host by credential activation")
public class OnboardingController {

    private final OnboardingService onboarding;

    public OnboardingController(OnboardingService onboarding) {
        this.onboarding = onboarding;
    }

    @PostMapping(path = "/hvs/v2/onboarding/challenges", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + HvsPermissions.HOSTS_ONBOARD + "')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "requestChallenge", summary = "Request a credential challenge for an EK/AK pair (creates the host when HVS does not know "
            + "its NATS host id; otherwise the hardware UUID must match)")
    public ChallengeIssued challenge(@RequestBody ChallengeRequest body) {
        return onboarding.challenge(body);
    }

    @DeleteMapping("/hvs/v2/hosts/{hostUuid}/ak-pin")
    @PreAuthorize("hasAuthority('" + HvsPermissions.HOSTS_RELEASE_PIN + "')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "releaseAkPin", summary = "Release a host's AK pin so that another TPM may onboard as "
            + "this host (e.g. after a TPM replacement); until then its evidence is refused. Audited.")
    public void releasePin(@PathVariable UUID hostUuid, Authentication caller) {
        onboarding.releasePin(hostUuid, caller.getName());
    }

    @PostMapping(path = "/hvs/v2/onboarding/challenges/{challengeId}/response", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + HvsPermissions.HOSTS_ONBOARD + "')")
    @Operation(operationId = "answerChallenge", summary = "Answer a challenge with the activated secret (once): pins the AK, returns NATS credentials")
    public Onboarded respond(@PathVariable UUID challengeId, @RequestBody ChallengeResponse body, Authentication caller) {
        return onboarding.respond(challengeId, body.secret(), caller.getName());
    }
}

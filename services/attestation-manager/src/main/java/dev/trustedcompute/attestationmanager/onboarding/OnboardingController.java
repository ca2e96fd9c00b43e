package dev.trustedcompute.attestationmanager.onboarding;

import dev.trustedcompute.attestationmanager.nodes.HostIds;
import dev.trustedcompute.attestationmanager.nodes.NodeView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;

/** Onboarding (golden values) and re-attestation on request. */
@RestController
@RequestMapping(value = "/am/v1/nodes/{hostId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Onboarding")
public class OnboardingController {
    private final OnboardingService onboarding;
    private final Clock clock;

    public OnboardingController(OnboardingService onboarding, Clock clock) {
        this.onboarding = onboarding;
        this.clock = clock;
    }

    @PostMapping("/onboard")
    @PreAuthorize("hasAuthority('AM:nodes:onboard')")
    @Operation(summary = "Onboard a node: HVS takes its golden flavors",
            description = "Needs AM:nodes:onboard. HVS creates the node's flavors from its current evidence (or imports "
                    + "flavorCollection). A node onboarded before is re-baselined only with \"rebaseline\": true. A cordoned "
                    + "node becomes schedulable again after this and a VERIFIED report.")
    @ApiResponse(responseCode = "200", description = "Onboarded")
    @ApiResponse(responseCode = "400", description = "Malformed host id, Kubernetes node name, flavor groups or parts",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "Already onboarded and rebaseline not set", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "502", description = "HVS failed", content = @Content(mediaType = "application/problem+json"))
    public OnboardResponse onboard(@PathVariable String hostId, @RequestBody(required = false) OnboardRequest request,
                                   @AuthenticationPrincipal Jwt jwt) {
        OnboardRequest body = request == null ? new OnboardRequest(null, null, null, null, null) : request;
        OnboardingService.Onboarded done = onboarding.onboard(HostIds.parse(hostId), body, jwt.getSubject());
        return new OnboardResponse(NodeView.of(done.node()), done.attestationRequested());
    }

    @PostMapping("/attest")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasAuthority('AM:nodes:attest')")
    @Operation(summary = "Re-attest a node now", description = "Needs AM:nodes:attest. HVS quotes the node now; the "
            + "decision follows when its report arrives.")
    @ApiResponse(responseCode = "202", description = "HVS accepted the request")
    @ApiResponse(responseCode = "400", description = "Malformed host id", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "Unknown node", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "502", description = "HVS failed", content = @Content(mediaType = "application/problem+json"))
    public AttestResponse attest(@PathVariable String hostId) {
        onboarding.attestNow(HostIds.parse(hostId));
        return new AttestResponse(hostId, clock.instant());
    }

    /** @param attestationRequested HVS accepted the request for a fresh report (else the agent's next push brings one) */
    public record OnboardResponse(NodeView node, boolean attestationRequested) {
    }

    public record AttestResponse(String hostId, Instant requestedAt) {
    }
}

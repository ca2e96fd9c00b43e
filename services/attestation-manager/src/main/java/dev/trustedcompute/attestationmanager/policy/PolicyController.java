package dev.trustedcompute.attestationmanager.policy;

import dev.trustedcompute.attestationmanager.error.AmError;
import dev.trustedcompute.servicekit.error.ServiceException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The poll policy. */
@RestController
@RequestMapping(value = "/am/v1/policy", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Policy")
public class PolicyController {
    private final PolicyService policy;

    public PolicyController(PolicyService policy) {
        this.policy = policy;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('AM:policy:retrieve')")
    @Operation(summary = "The poll policy", description = "Needs AM:policy:retrieve.")
    @ApiResponse(responseCode = "200", description = "Current policy")
    public PollPolicy get() {
        return policy.current();
    }

    @PutMapping
    @PreAuthorize("hasAuthority('AM:policy:store')")
    @Operation(summary = "Set pollDuration", description = "Needs AM:policy:store. A change is pushed at once to every "
            + "known agent (trust-agent.<hostId>.policy-update); nodes without a report for 2 x pollDuration go stale.")
    @ApiResponse(responseCode = "200", description = "The policy now in force")
    @ApiResponse(responseCode = "400", description = "Missing or out-of-range pollDurationMinutes", content = @Content(mediaType = "application/problem+json"))
    public PollPolicy set(@RequestBody PolicyRequest request, @AuthenticationPrincipal Jwt jwt) {
        if (request.pollDurationMinutes() == null) {
            throw new ServiceException(AmError.INVALID_POLL_DURATION, "pollDurationMinutes is required");
        }
        return policy.set(request.pollDurationMinutes(), jwt.getSubject());
    }

    public record PolicyRequest(@Schema(minimum = "1", maximum = "10080", example = "60") Integer pollDurationMinutes) {
    }
}

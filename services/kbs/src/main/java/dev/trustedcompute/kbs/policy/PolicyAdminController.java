package dev.trustedcompute.kbs.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trustedcompute.kbs.admin.AdminEndpoint;
import dev.trustedcompute.kbs.protocol.KbsError;
import dev.trustedcompute.kbs.protocol.TrusteeApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Trustee's policy administration: the policy text travels base64url without padding, as kbs-client sends it. The
 * text must be in the engine's language ({@code cel} or {@code rego}) and compile, or nothing is stored.
 */
@RestController
@TrusteeApi
@RequestMapping(path = "/kbs/v0", consumes = MediaType.APPLICATION_JSON_VALUE)
public class PolicyAdminController {

    /** {@code POST /kbs/v0/resource-policy} body; {@code type} is our optional addition (checked when sent). */
    public record ResourcePolicyRequest(String policy, String type) {
    }

    /** {@code POST /kbs/v0/attestation-policy} body, as kbs-client's {@code set-attestation-policy} sends it. */
    public record AttestationPolicyRequest(String type, @JsonProperty("policy_id") String policyId, String policy) {
    }

    private final Policies policies;

    public PolicyAdminController(Policies policies) {
        this.policies = policies;
    }

    @PostMapping("/resource-policy")
    @AdminEndpoint
    @PreAuthorize("hasAuthority('KBS:resource_policy:store')")
    @Operation(summary = "Replace the resource policy (base64url, no padding)")
    @SecurityRequirement(name = "bearerAuth")
    public ResponseEntity<Void> setResourcePolicy(@RequestBody ResourcePolicyRequest request) {
        checkType(request.type());
        store(new Policy(PolicyKind.RESOURCE, Policies.RESOURCE_POLICY_ID, decode(request.policy())));
        return ResponseEntity.ok().build();
    }

    /**
     * {@code GET /kbs/v0/resource-policy}: the ids of the resource policies in force, as Trustee's
     * {@code list_policies} answers; Trustee, and this KBS, keep exactly one.
     */
    @GetMapping(path = "/resource-policy", consumes = MediaType.ALL_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @AdminEndpoint
    @PreAuthorize("hasAuthority('KBS:resource_policy:retrieve')")
    @Operation(summary = "List the resource policy ids (one: the policy in force, stored or built in)")
    @SecurityRequirement(name = "bearerAuth")
    public List<String> listResourcePolicies() {
        return List.of(policies.resourcePolicy().id());
    }

    @PostMapping("/attestation-policy")
    @AdminEndpoint
    @PreAuthorize("hasAuthority('KBS:attestation_policy:store')")
    @Operation(summary = "Set an attestation policy; the one used is <token policy id>_cpu (default_cpu)")
    @SecurityRequirement(name = "bearerAuth")
    public ResponseEntity<Void> setAttestationPolicy(@RequestBody AttestationPolicyRequest request) {
        checkType(request.type());
        String id = request.policyId() == null ? "default_cpu" : request.policyId();
        store(new Policy(PolicyKind.ATTESTATION, validId(id), decode(request.policy())));
        return ResponseEntity.ok().build();
    }

    private void store(Policy policy) {
        try {
            policies.store(policy);
        } catch (InvalidPolicyException e) {
            throw KbsError.INVALID_POLICY.exception("Failed to parse policy: " + e.getMessage());
        } catch (PolicyEngineException e) {
            throw KbsError.POLICY_ENGINE_UNAVAILABLE.exception(e.getMessage(), e);
        }
    }

    private void checkType(String type) {
        String expected = policies.language().fileExtension();
        if (type != null && !expected.equals(type)) {
            throw KbsError.INVALID_POLICY.exception("this KBS runs " + expected + " policies, not " + type);
        }
    }

    private static String validId(String id) {
        try {
            return new Policy(PolicyKind.ATTESTATION, id, "-").id();
        } catch (InvalidPolicyException e) {
            throw KbsError.INVALID_POLICY.exception(e.getMessage());
        }
    }

    private static String decode(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.indexOf('=') >= 0) {
            throw KbsError.INVALID_POLICY.exception("policy must be base64url without padding");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(encoded);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException e) {
            throw KbsError.INVALID_POLICY.exception("policy must be base64url without padding");
        } catch (CharacterCodingException e) {
            throw KbsError.INVALID_POLICY.exception("policy is not UTF-8 text");
        }
    }
}

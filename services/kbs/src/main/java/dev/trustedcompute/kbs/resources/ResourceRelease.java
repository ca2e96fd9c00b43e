package dev.trustedcompute.kbs.resources;

import dev.trustedcompute.kbs.ear.EarIssuer;
import dev.trustedcompute.kbs.ear.EarVerifier;
import dev.trustedcompute.kbs.jwe.InvalidTeeKeyException;
import dev.trustedcompute.kbs.jwe.JweEncryptor;
import dev.trustedcompute.kbs.jwe.JweResponse;
import dev.trustedcompute.kbs.jwe.TeePublicKey;
import dev.trustedcompute.kbs.policy.InvalidPolicyException;
import dev.trustedcompute.kbs.policy.Policies;
import dev.trustedcompute.kbs.policy.PolicyEngineException;
import dev.trustedcompute.kbs.protocol.KbsError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Releases a resource to an attested workload, in Trustee's order: verify the token, evaluate the resource policy
 * on its claims, read the resource, encrypt it for the {@code tee-pubkey} the token carries. Shared by the RCAR and
 * the curl-friendly routes; errors are {@link KbsError}s, rendered per route.
 */
@Service
public class ResourceRelease {

    private final EarVerifier tokens;
    private final Policies policies;
    private final ResourceStore store;
    private final JweEncryptor encryptor;

    public ResourceRelease(EarVerifier tokens, Policies policies, ResourceStore store, JweEncryptor encryptor) {
        this.tokens = tokens;
        this.policies = policies;
        this.store = store;
        this.encryptor = encryptor;
    }

    public JweResponse release(String token, ResourcePath path, Map<String, String> query) {
        Map<String, Object> claims = tokens.verify(token);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("plugin", "resource");
        data.put("resource-path", path.segments());
        data.put("query", query);
        boolean allowed;
        try {
            allowed = policies.allows(policies.resourcePolicy(), claims, data);
        } catch (InvalidPolicyException e) {
            throw KbsError.POLICY_DENY.exception("Access denied by policy (the policy failed: " + e.getMessage() + ")");
        } catch (PolicyEngineException e) {
            throw KbsError.POLICY_ENGINE_UNAVAILABLE.exception(e.getMessage(), e);
        }
        if (!allowed) {
            throw KbsError.POLICY_DENY.exception("Access denied by policy");
        }
        byte[] content = store.get(path).orElseThrow(() ->
                KbsError.RESOURCE_NOT_FOUND.exception("resource " + path + " not found"));
        return encryptor.encrypt(content, teeKey(claims));
    }

    /** Where Trustee's EAR carries the workload key: {@code submods.cpu0["ear.veraison.annotated-evidence"].runtime_data_claims["tee-pubkey"]}. */
    @SuppressWarnings("unchecked")
    private static TeePublicKey teeKey(Map<String, Object> claims) {
        Object key = claims.get("submods") instanceof Map<?, ?> submods
                && submods.get(EarIssuer.SUBMODULE) instanceof Map<?, ?> cpu0
                && cpu0.get("ear.veraison.annotated-evidence") instanceof Map<?, ?> annotated
                && annotated.get("runtime_data_claims") instanceof Map<?, ?> runtime
                ? runtime.get("tee-pubkey") : null;
        if (!(key instanceof Map<?, ?> jwk)) {
            throw KbsError.TOKEN_INVALID.exception("the attestation token carries no tee-pubkey");
        }
        try {
            return TeePublicKey.parse((Map<String, Object>) jwk);
        } catch (InvalidTeeKeyException e) {
            throw KbsError.TOKEN_INVALID.exception("the token's tee-pubkey is unusable: " + e.getMessage());
        }
    }
}

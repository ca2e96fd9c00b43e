package dev.trustedcompute.kbs.policy;

import dev.trustedcompute.kbs.KbsProperties;
import dev.trustedcompute.kbs.ear.TrustVector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * The policies in force: uploaded ones from the database, else the built-in defaults
 * ({@code policies/<kind>-default.<cel|rego>}, the same meaning in both languages). Each is installed into the
 * engine before its first use on this instance (and again after the engine lost it, e.g. an OPA restart).
 */
@Service
public class Policies {

    /** Trustee keeps one resource policy; its id. */
    public static final String RESOURCE_POLICY_ID = "resource_policy";

    private final PolicyEngine engine;
    private final PolicyRepository repository;
    private final Clock clock;
    private final String attestationPolicyId;
    private final Set<Policy> installed = ConcurrentHashMap.newKeySet();

    public Policies(PolicyEngine engine, PolicyRepository repository, Clock clock, KbsProperties properties) {
        this.engine = engine;
        this.repository = repository;
        this.clock = clock;
        this.attestationPolicyId = properties.token().policyId() + "_cpu";
    }

    /** The attestation policy for CPU evidence ({@code <policy-id>_cpu}). */
    public Policy attestationPolicy() {
        return current(PolicyKind.ATTESTATION, attestationPolicyId);
    }

    public Policy resourcePolicy() {
        return current(PolicyKind.RESOURCE, RESOURCE_POLICY_ID);
    }

    public TrustVector appraise(Policy policy, Map<String, Object> input, Map<String, List<String>> referenceValues) {
        ensureInstalled(policy);
        try {
            return engine.appraise(policy, input, referenceValues);
        } catch (InvalidPolicyException e) {
            installed.remove(policy);
            throw e;
        }
    }

    public boolean allows(Policy policy, Map<String, Object> input, Map<String, Object> data) {
        ensureInstalled(policy);
        return engine.allows(policy, input, data);
    }

    /** Validates with the engine, then stores: a policy that does not compile is never stored. */
    public void store(Policy policy) {
        engine.install(policy);
        installed.add(policy);
        repository.upsert(policy, engine.language(), clock.instant());
    }

    public PolicyLanguage language() {
        return engine.language();
    }

    private Policy current(PolicyKind kind, String id) {
        return repository.find(kind, id, engine.language()).orElseGet(() -> defaultPolicy(kind, id));
    }

    private Policy defaultPolicy(PolicyKind kind, String id) {
        String resource = "/policies/" + kind.slug() + "-default." + engine.language().fileExtension();
        try (InputStream in = Policies.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in policy " + resource + " is missing");
            }
            return new Policy(kind, id, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ensureInstalled(Policy policy) {
        if (!installed.contains(policy)) {
            engine.install(policy);
            installed.add(policy);
        }
    }
}

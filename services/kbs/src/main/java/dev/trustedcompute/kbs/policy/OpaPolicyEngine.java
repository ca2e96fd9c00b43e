package dev.trustedcompute.kbs.policy;

import com.bisnode.opa.client.OpaClientException;
import com.bisnode.opa.client.OpaConfiguration;
import com.bisnode.opa.client.policy.OpaPolicy;
import com.bisnode.opa.client.policy.OpaPolicyApi;
import com.bisnode.opa.client.policy.OpaPolicyClient;
import com.bisnode.opa.client.query.OpaQueryApi;
import com.bisnode.opa.client.query.OpaQueryClient;
import com.bisnode.opa.client.query.QueryForDocumentRequest;
import com.bisnode.opa.client.rest.OpaRestClient;
import com.bisnode.opa.client.rest.OpaServerConnectionException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustedcompute.kbs.ear.TrustVector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rego policies on an Open Policy Agent server, through {@code opa-java-client}. A policy written for Trustee
 * ({@code package policy}) is stored in OPA as package {@code kbs.<kind>.<id>}, next to a small generated "shim"
 * package that supplies Trustee's evaluation context with {@code with}: for a resource policy {@code input} = the
 * token claims and {@code data.plugin}, {@code data["resource-path"]}, {@code data.query} = the request; for an
 * attestation policy {@code input} = the annotated evidence and {@code data.reference_values} = the values KBS
 * fetched from RVPS. Trustee resource policies therefore run unchanged; attestation policies read reference values
 * from {@code data.reference_values[name]} instead of Trustee's {@code query_reference_value(name)} builtin (OPA has
 * no such builtin). OPA compiles a policy when it is uploaded and answers 400 when it does not compile.
 */
public final class OpaPolicyEngine implements PolicyEngine {

    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+[^\\s#]+");

    private final OpaPolicyApi policies;
    private final OpaQueryApi queries;

    public OpaPolicyEngine(URI opaUrl, Duration connectTimeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        OpaRestClient rest = new OpaRestClient(new OpaConfiguration(opaUrl.toString()), http, new ObjectMapper());
        this.policies = new OpaPolicyClient(rest);
        this.queries = new OpaQueryClient(rest);
    }

    @Override
    public PolicyLanguage language() {
        return PolicyLanguage.REGO;
    }

    @Override
    public void install(Policy policy) {
        if (!PACKAGE.matcher(policy.text()).find()) {
            throw new InvalidPolicyException("a Rego policy must start with a package declaration (package policy)");
        }
        String renamed = PACKAGE.matcher(policy.text()).replaceFirst("package " + packageOf(policy));
        try {
            policies.createOrUpdatePolicy(new OpaPolicy(packageOf(policy).replace('.', '/'), renamed));
            policies.createOrUpdatePolicy(new OpaPolicy(shimPackageOf(policy).replace('.', '/'), shim(policy)));
        } catch (OpaClientException e) {
            if (unreachable(e)) {
                throw new PolicyEngineException("OPA is unreachable", e);
            }
            throw new InvalidPolicyException("OPA refused Rego " + policy.kind().slug() + " policy " + policy.id()
                    + " (it does not compile)", e);
        }
    }

    @Override
    public TrustVector appraise(Policy policy, Map<String, Object> input, Map<String, List<String>> referenceValues) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("evidence", input);
        request.put("reference_values", referenceValues);
        Object result = query(policy, "trust_claims", request);
        if (!(result instanceof Map<?, ?> claims)) {
            throw new InvalidPolicyException("Rego attestation policy " + policy.id()
                    + " must define trust_claims as an object of integers");
        }
        Map<String, Number> vector = new LinkedHashMap<>();
        claims.forEach((name, value) -> {
            if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
                throw new InvalidPolicyException("trust claim " + name + " of policy " + policy.id() + " is not an integer");
            }
            vector.put(String.valueOf(name), number.longValue());
        });
        try {
            return TrustVector.fromPolicyResult(vector);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException("attestation policy " + policy.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean allows(Policy policy, Map<String, Object> input, Map<String, Object> data) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("claims", input);
        request.put("data", data);
        try {
            return Boolean.TRUE.equals(query(policy, "allow", request));
        } catch (InvalidPolicyException undefined) {
            return false;
        }
    }

    private Object query(Policy policy, String rule, Map<String, Object> input) {
        try {
            Map<?, ?> document = queries.queryForDocument(
                    new QueryForDocumentRequest(input, shimPackageOf(policy).replace('.', '/')), Map.class);
            return document.get(rule);
        } catch (OpaClientException e) {
            if (unreachable(e)) {
                throw new PolicyEngineException("OPA is unreachable", e);
            }
            throw new InvalidPolicyException("OPA gave no " + rule + " for " + policy.kind().slug() + " policy "
                    + policy.id() + ": " + e.getMessage(), e);
        }
    }

    /** The generated package that evaluates the policy in Trustee's context (see the class comment). */
    static String shim(Policy policy) {
        String target = "data." + packageOf(policy);
        return switch (policy.kind()) {
            case ATTESTATION -> "package " + shimPackageOf(policy) + "\n"
                    + "# generated by KBS: runs " + target + " with Trustee's attestation-policy context\n"
                    + "trust_claims := " + target + ".trust_claims with input as input.evidence"
                    + " with data.reference_values as input.reference_values\n";
            case RESOURCE -> "package " + shimPackageOf(policy) + "\n"
                    + "# generated by KBS: runs " + target + " with Trustee's resource-policy context\n"
                    + "allow := " + target + ".allow with input as input.claims"
                    + " with data.plugin as input.data.plugin"
                    + " with data[\"resource-path\"] as input.data[\"resource-path\"]"
                    + " with data.query as input.data.query\n";
        };
    }

    static String packageOf(Policy policy) {
        return "kbs." + policy.kind().slug() + "." + policy.id();
    }

    static String shimPackageOf(Policy policy) {
        return "kbs.shim." + policy.kind().slug() + "." + policy.id();
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OpaServerConnectionException || t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}

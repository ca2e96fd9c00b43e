package dev.trustedcompute.kbs.policy;

import dev.trustedcompute.kbs.ear.TrustVector;
import java.util.List;
import java.util.Map;

/**
 * Evaluates attestation and resource policies in one language. Inputs are plain JSON values (maps, lists, strings,
 * numbers, booleans), the same for every engine:
 * <ul>
 * <li>attestation: {@code input} = annotated evidence ({@code {"<tee>": {claims}, "report_data": ..., ...}}),
 *     {@code reference_values} = name to list of strings (every name the policy mentions is present, maybe empty);
 *     result: trustworthiness claims ({@code trust_claims}).</li>
 * <li>resource: {@code input} = the verified EAR claims, {@code data} = {@code {"plugin":"resource",
 *     "resource-path":[repo,type,tag],"query":{}}} as in Trustee; result: allow or deny.</li>
 * </ul>
 */
public interface PolicyEngine {

    PolicyLanguage language();

    /** Checks (and, for an external engine, uploads) a policy; {@link InvalidPolicyException} when it is invalid. */
    void install(Policy policy);

    /** Runs an attestation policy. */
    TrustVector appraise(Policy policy, Map<String, Object> input, Map<String, List<String>> referenceValues);

    /** Runs a resource policy; anything but a boolean {@code true} is a deny. */
    boolean allows(Policy policy, Map<String, Object> input, Map<String, Object> data);
}

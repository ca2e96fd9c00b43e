package dev.trustedcompute.kbs.attestation;

import dev.trustedcompute.kbs.KbsProperties;
import dev.trustedcompute.kbs.ear.Appraisal;
import dev.trustedcompute.kbs.ear.EarIssuer;
import dev.trustedcompute.kbs.ear.TrustVector;
import dev.trustedcompute.kbs.jwe.InvalidTeeKeyException;
import dev.trustedcompute.kbs.jwe.TeePublicKey;
import dev.trustedcompute.kbs.policy.InvalidPolicyException;
import dev.trustedcompute.kbs.policy.Policies;
import dev.trustedcompute.kbs.policy.Policy;
import dev.trustedcompute.kbs.policy.PolicyEngineException;
import dev.trustedcompute.kbs.policy.ReferenceValueNames;
import dev.trustedcompute.kbs.protocol.KbsError;
import dev.trustedcompute.kbs.referencevalues.ReferenceValueProvider;
import dev.trustedcompute.kbs.referencevalues.ReferenceValuesUnavailableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in attestation service: verify the evidence against the runtime data it must bind, appraise the claims
 * with the attestation policy and RVPS reference values, and sign an EAR token. Fails fast: the first failed step
 * ends the attestation with an error, no token.
 */
@Service
public class AttestationService {

    private final EvidenceVerification verification;
    private final Policies policies;
    private final ReferenceValueProvider referenceValues;
    private final EarIssuer issuer;
    private final JsonMapper json;
    private final String policyId;

    public AttestationService(EvidenceVerification verification, Policies policies,
                              ReferenceValueProvider referenceValues, EarIssuer issuer, JsonMapper json,
                              KbsProperties properties) {
        this.verification = verification;
        this.policies = policies;
        this.referenceValues = referenceValues;
        this.issuer = issuer;
        this.json = json;
        this.policyId = properties.token().policyId();
    }

    /** Returns the signed EAR token. */
    public String attest(AttestationRequest request) {
        Map<String, Object> runtimeData = asMap(request.runtimeData());
        @SuppressWarnings("unchecked")
        Map<String, Object> teePubkey = (Map<String, Object>) runtimeData.get("tee-pubkey");
        try {
            TeePublicKey.parse(teePubkey);
        } catch (InvalidTeeKeyException e) {
            throw KbsError.INVALID_TEE_KEY.exception(e.getMessage());
        }
        if (!request.additionalEvidence().isEmpty()) {
            throw KbsError.EVIDENCE_REJECTED.exception("additional (device) evidence is not supported by this KBS");
        }
        if (request.initData().isPresent()) {
            throw KbsError.EVIDENCE_REJECTED.exception("init-data is not supported by this KBS yet; send \"init-data\": null");
        }
        VerifiedEvidence evidence = verification.verify(request);
        Map<String, Object> annotated = evidence.annotated(runtimeData);
        Policy policy = policies.attestationPolicy();
        TrustVector vector = appraise(policy, annotated);
        return issuer.issue(new Appraisal(vector, policyId, annotated));
    }

    private TrustVector appraise(Policy policy, Map<String, Object> annotated) {
        Set<String> names = ReferenceValueNames.in(policy.text());
        Map<String, List<String>> values = new LinkedHashMap<>();
        try {
            Map<String, List<String>> found = referenceValues.query(names);
            names.forEach(name -> values.put(name, found.getOrDefault(name, List.of())));
        } catch (ReferenceValuesUnavailableException e) {
            throw KbsError.RVPS_UNAVAILABLE.exception("reference values could not be fetched: " + e.getMessage(), e);
        }
        try {
            return policies.appraise(policy, annotated, values);
        } catch (InvalidPolicyException e) {
            throw KbsError.APPRAISAL_FAILED.exception(e.getMessage(), e);
        } catch (PolicyEngineException e) {
            throw KbsError.POLICY_ENGINE_UNAVAILABLE.exception(e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(Object node) {
        return json.convertValue(node, Map.class);
    }
}

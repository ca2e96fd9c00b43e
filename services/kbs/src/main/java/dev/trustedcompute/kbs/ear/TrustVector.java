package dev.trustedcompute.kbs.ear;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An appraisal's trustworthiness vector. The policy sets some claims (at least one, as Trustee requires); the token
 * carries all eight, unset ones as 0 ("no claim").
 */
public record TrustVector(Map<TrustClaim, Integer> claims) {

    public TrustVector {
        if (claims.isEmpty()) {
            throw new IllegalArgumentException("the attestation policy set no trustworthiness claim");
        }
        for (Map.Entry<TrustClaim, Integer> e : claims.entrySet()) {
            if (e.getValue() < -128 || e.getValue() > 127) {
                throw new IllegalArgumentException("trustworthiness claim " + e.getKey().jsonName()
                        + " must be in -128..127, was " + e.getValue());
            }
        }
        claims = Map.copyOf(new EnumMap<>(claims));
    }

    /** From a policy result: claim names to integers; unknown names are an error, not ignored. */
    public static TrustVector fromPolicyResult(Map<String, ? extends Number> result) {
        Map<TrustClaim, Integer> claims = new EnumMap<>(TrustClaim.class);
        result.forEach((name, value) -> claims.put(TrustClaim.fromJsonName(name), Math.toIntExact(value.longValue())));
        return new TrustVector(claims);
    }

    public int value(TrustClaim claim) {
        return claims.getOrDefault(claim, 0);
    }

    public EarStatus status() {
        EarStatus worst = EarStatus.NONE;
        for (int value : claims.values()) {
            EarStatus tier = EarStatus.tierOf(value);
            if (tier.compareTo(worst) > 0) {
                worst = tier;
            }
        }
        return worst;
    }

    /** All eight claims in declaration order, as the token's {@code ear.trustworthiness-vector}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (TrustClaim claim : TrustClaim.values()) {
            json.put(claim.jsonName(), value(claim));
        }
        return json;
    }
}

package dev.trustedcompute.kbs.policy;

import java.util.regex.Pattern;

/**
 * A policy text and its identity. Ids are Rego-package-safe ({@code [A-Za-z][A-Za-z0-9_]*}) so the OPA backend can
 * name a package after them.
 */
public record Policy(PolicyKind kind, String id, String text) {

    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    public Policy {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidPolicyException("policy id must match [A-Za-z][A-Za-z0-9_]{0,63}, was " + id);
        }
        if (text == null || text.isBlank()) {
            throw new InvalidPolicyException("the policy is empty");
        }
    }
}

package dev.trustedcompute.kbs.policy;

/** What a policy decides. */
public enum PolicyKind {
    /** Evidence claims + reference values to trustworthiness claims ({@code trust_claims}). */
    ATTESTATION("attestation"),
    /** Verified token claims + request to allow/deny ({@code allow}). */
    RESOURCE("resource");

    private final String slug;

    PolicyKind(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}

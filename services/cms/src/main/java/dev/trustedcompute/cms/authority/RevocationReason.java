package dev.trustedcompute.cms.authority;

import java.util.Arrays;

/**
 * RFC 5280 §5.3.1 CRLReason values a caller may give for a leaf. certificateHold (reversible),
 * removeFromCRL (delta CRLs only), cACompromise and aACompromise (not about leaves) are not offered.
 */
public enum RevocationReason {
    UNSPECIFIED("unspecified", 0),
    KEY_COMPROMISE("keyCompromise", 1),
    AFFILIATION_CHANGED("affiliationChanged", 3),
    SUPERSEDED("superseded", 4),
    CESSATION_OF_OPERATION("cessationOfOperation", 5),
    PRIVILEGE_WITHDRAWN("privilegeWithdrawn", 9);

    private final String wireName;
    private final int code;

    RevocationReason(String wireName, int code) {
        this.wireName = wireName;
        this.code = code;
    }

    /** The RFC 5280 ASN.1 name, used in the API and the database. */
    public String wireName() { return wireName; }

    /** The CRLReason ENUMERATED value written into CRL entries. */
    public int code() { return code; }

    /** Null or blank means {@link #UNSPECIFIED}; an unknown name is a client error. */
    public static RevocationReason parse(String name) {
        if (name == null || name.isBlank()) {
            return UNSPECIFIED;
        }
        return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new CmsException(CmsError.UNSUPPORTED_REASON, "reason '" + SubjectAltName.printable(name)
                        + "' is not one of " + Arrays.stream(values()).map(RevocationReason::wireName).toList()));
    }
}

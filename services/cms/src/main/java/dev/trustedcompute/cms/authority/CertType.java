package dev.trustedcompute.cms.authority;

import java.util.Arrays;
import java.util.Optional;

/**
 * The closed set of leaf certificate profiles, each issued by its own intermediate CA (as in Intel SecL CMS:
 * "CMS TLS CA", "CMS TLS Client CA", "CMS Signing CA"). {@link #wireName()} is the value of {@code certType}
 * on the API and in permission selectors.
 */
public enum CertType {
    /** TLS server certificate: EKU serverAuth. */
    TLS("TLS"),
    /** TLS client certificate: EKU clientAuth. */
    TLS_CLIENT("TLS-Client"),
    /** Signing certificate (reports, flavors, SAML): key usage digitalSignature, no EKU. */
    SIGNING("Signing");

    private final String wireName;

    CertType(String wireName) { this.wireName = wireName; }

    public String wireName() { return wireName; }

    /** Exact, case-sensitive match on the wire name (a selector "certType=tls" must not silently widen). */
    public static Optional<CertType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    /** Like {@link #fromWireName} but refuses unknown names with a client error listing the accepted ones. */
    public static CertType parse(String name) {
        return fromWireName(name).orElseThrow(() -> new CmsException(CmsError.UNSUPPORTED_CERT_TYPE,
                "certType '" + name + "' is not one of TLS, TLS-Client, Signing"));
    }

    @Override
    public String toString() { return wireName; }
}

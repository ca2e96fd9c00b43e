package dev.trustedcompute.cms.cas;

import dev.trustedcompute.cms.authority.CertType;
import dev.trustedcompute.cms.authority.CmsError;
import dev.trustedcompute.cms.authority.CmsException;

import java.util.Arrays;

/**
 * The CAs this CMS holds: the self-signed root and one issuing CA per {@link CertType}. {@link #wireName()} is
 * the {@code issuingCa} query value; {@link #fileName()} the PKCS#12 file in the data directory.
 */
public enum CaName {
    ROOT("root", "root-ca.p12", "Root CA"),
    TLS("TLS", "tls-ca.p12", "TLS CA"),
    TLS_CLIENT("TLS-Client", "tls-client-ca.p12", "TLS Client CA"),
    SIGNING("Signing", "signing-ca.p12", "Signing CA");

    private final String wireName;
    private final String fileName;
    private final String commonNameSuffix;

    CaName(String wireName, String fileName, String commonNameSuffix) {
        this.wireName = wireName;
        this.fileName = fileName;
        this.commonNameSuffix = commonNameSuffix;
    }

    public String wireName() { return wireName; }
    public String fileName() { return fileName; }
    public String commonNameSuffix() { return commonNameSuffix; }

    public boolean isRoot() { return this == ROOT; }

    /** The issuing CA for a leaf profile. */
    public static CaName issuerOf(CertType type) {
        return switch (type) {
            case TLS -> TLS;
            case TLS_CLIENT -> TLS_CLIENT;
            case SIGNING -> SIGNING;
        };
    }

    /** Exact wire-name match; unknown names are a client error. */
    public static CaName parse(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new CmsException(CmsError.UNSUPPORTED_CERT_TYPE,
                        "issuingCa '" + name + "' is not one of root, TLS, TLS-Client, Signing"));
    }

    @Override
    public String toString() { return wireName; }
}

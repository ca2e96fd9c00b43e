package dev.trustedcompute.cms.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * CMS settings ({@code tc.cms.*}, env {@code TC_CMS_*}).
 *
 * @param dataDir               directory holding the CA key stores ({@code root-ca.p12}, {@code tls-ca.p12},
 *                              {@code tls-client-ca.p12}, {@code signing-ca.p12}) and the bootstrap token key;
 *                              created owner-only on first start. Back it up: losing it means a new root CA.
 * @param keyStorePassword      passphrase encrypting every PKCS#12 file in {@code dataDir}. Required, no default:
 *                              set {@code TC_CMS_KEY_STORE_PASSWORD} (e.g. from a Kubernetes secret).
 * @param caNamePrefix          CN prefix of newly created CAs ("Trusted Compute CMS Root CA", "... TLS CA", ...).
 * @param rootCaValidity        validity of a newly created root CA (default 10 years).
 * @param issuingCaValidity     validity of newly created issuing CAs (default 5 years, never past the root).
 * @param tlsValidity           validity of issued TLS server certificates (default 1 year).
 * @param tlsClientValidity     validity of issued TLS client certificates (default 1 year).
 * @param signingValidity       validity of issued signing certificates (default 1 year).
 * @param maxLeafValidity       upper bound for the three leaf validities (default 825 days, the old CA/B limit);
 *                              a larger configured value refuses to start. Leaves never outlive their issuing CA.
 * @param crlValidity           nextUpdate - thisUpdate of served CRLs (default 7 days); CRLs are signed per request.
 */
@Validated
@ConfigurationProperties("tc.cms")
public record CmsProperties(
        @NotNull @DefaultValue("cms-data") Path dataDir,
        @NotBlank(message = "is required and has no default: set TC_CMS_KEY_STORE_PASSWORD (the passphrase protecting the CA key stores)")
        @Size(min = 12, message = "must be at least 12 characters")
        String keyStorePassword,
        @NotBlank @DefaultValue("Trusted Compute CMS") String caNamePrefix,
        @NotNull @DefaultValue("3650d") Duration rootCaValidity,
        @NotNull @DefaultValue("1825d") Duration issuingCaValidity,
        @NotNull @DefaultValue("365d") Duration tlsValidity,
        @NotNull @DefaultValue("365d") Duration tlsClientValidity,
        @NotNull @DefaultValue("365d") Duration signingValidity,
        @NotNull @DefaultValue("825d") Duration maxLeafValidity,
        @NotNull @DefaultValue("7d") Duration crlValidity) {

    public CmsProperties {
        for (var entry : java.util.Map.of("tls-validity", tlsValidity == null ? Duration.ZERO : tlsValidity,
                "tls-client-validity", tlsClientValidity == null ? Duration.ZERO : tlsClientValidity,
                "signing-validity", signingValidity == null ? Duration.ZERO : signingValidity).entrySet()) {
            if (maxLeafValidity != null && entry.getValue().compareTo(maxLeafValidity) > 0) {
                throw new IllegalArgumentException("tc.cms." + entry.getKey() + " (" + entry.getValue().toDays()
                        + "d) exceeds tc.cms.max-leaf-validity (" + maxLeafValidity.toDays() + "d)");
            }
        }
    }

    /** Never prints the passphrase. */
    @Override
    public String toString() {
        return "CmsProperties[dataDir=" + dataDir + ", keyStorePassword=" + (keyStorePassword == null ? "<unset>" : "***")
                + ", caNamePrefix=" + caNamePrefix + ", tlsValidity=" + tlsValidity + ", crlValidity=" + crlValidity + "]";
    }
}

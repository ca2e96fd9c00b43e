package dev.trustedcompute.servicekit.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * How a service obtains its TLS certificate from CMS at first start (all optional: with no
 * {@code cms-url} the service runs plain HTTP, as in the local lab).
 *
 * @param cmsUrl           CMS base URL, e.g. {@code https://cms:8445}
 * @param cmsRootSha384    SHA-384 (hex) of the CMS root certificate's DER; the fetched root must match
 * @param bootstrapToken   single-use token from {@code cms token}, needed only until the certificate exists
 * @param dir              where the PKCS#12 key stores live
 * @param keyStorePassword passphrase protecting the key stores (no default)
 * @param commonName       subject CN of the TLS certificate (defaults to {@code spring.application.name})
 * @param sans             DNS names / IP addresses for the TLS certificate
 */
@ConfigurationProperties("tc.identity")
public record IdentityProperties(URI cmsUrl, String cmsRootSha384, String bootstrapToken, Path dir,
                                 String keyStorePassword, String commonName, List<String> sans) {

    public IdentityProperties {
        sans = sans == null ? List.of() : List.copyOf(sans);
    }
}

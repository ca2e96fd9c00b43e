package dev.trustedcompute.rvps.config;

import dev.trustedcompute.rvps.message.MessageReader;
import dev.trustedcompute.rvps.referencevalues.RvpsAuthorities;
import dev.trustedcompute.rvps.signers.TrustedSigners;
import dev.trustedcompute.servicekit.security.PermissionCatalogue;
import java.util.LinkedHashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * RVPS wiring: permissions, trusted bundle signers, the message reader, and paths that carry any name.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RvpsProperties.class)
public class RvpsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RvpsConfiguration.class);

    /** What RVPS checks; service-kit expands an administrator's {@code *:*:*} against it. */
    @Bean
    PermissionCatalogue rvpsPermissionCatalogue() {
        return new PermissionCatalogue(new LinkedHashSet<>(RvpsAuthorities.ALL));
    }

    @Bean
    TrustedSigners trustedSigners(RvpsProperties properties) {
        TrustedSigners signers = TrustedSigners.fromPem(properties.trustedSigners());
        log.info("trusted bundle signers: {}", signers.ids().isEmpty() ? "none (signed bundles are refused)" : signers.ids());
        return signers;
    }

    @Bean
    MessageReader messageReader(RvpsProperties properties, TrustedSigners signers) {
        return new MessageReader(properties.sampleValidity(), signers);
    }

    /*
     * Trustee names are free-form (rvps:///vendor/product:tag), so GET/DELETE /reference-values/{name} must carry
     * '/' and '%' percent-encoded inside one segment. Tomcat passes %2F through undecoded (Spring decodes it per
     * segment after matching) and the firewall lets the encodings in. Safe here: authorization is per method
     * (@PreAuthorize) and every other path needs a token, so no path-based rule can be dodged with them.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashInNames() {
        return connector -> connector.setEncodedSolidusHandling("passthrough");
    }

    @Bean
    WebSecurityCustomizer encodedSlashFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedDoubleSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        return web -> web.httpFirewall(firewall);
    }
}

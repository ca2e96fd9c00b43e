package dev.trustedcompute.hvs.flavor;

import dev.trustedcompute.hvs.reports.ReportSigningKey;
import java.security.KeyPair;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Flavors are signed with HVS's signing key (the CMS-issued or local EC key that also signs trust reports: P-256,
 * or P-384 when made before), so one key at rest, one rotation story. Rotating that key makes the stored flavors' signatures fail: they must
 * then be re-created or re-imported.
 */
@Configuration(proxyBeanMethods = false)
public class FlavorSigningConfiguration {

    @Bean
    FlavorSigningKey flavorSigningKey(ReportSigningKey hvsKey) {
        return new EcFlavorSigningKey(new KeyPair(hvsKey.leaf().getPublicKey(), hvsKey.privateKey()));
    }
}

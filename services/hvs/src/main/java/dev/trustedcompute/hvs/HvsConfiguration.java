package dev.trustedcompute.hvs;

import dev.trustedcompute.hvs.flavor.FlavorPermissions;
import dev.trustedcompute.servicekit.security.PermissionCatalogue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Service-wide beans: the permission catalogue (every HVS permission, for wildcard rules), ids, randomness. */
@Configuration(proxyBeanMethods = false)
public class HvsConfiguration {

    /** service-kit uses one catalogue; feature permission lists are joined here. */
    @Bean
    PermissionCatalogue hvsPermissionCatalogue() {
        Set<String> all = new LinkedHashSet<>(List.of(HvsPermissions.ALL));
        all.addAll(List.of(FlavorPermissions.ALL));
        return new PermissionCatalogue(all);
    }

    @Bean
    TimeOrderedIds timeOrderedIds(Clock clock) {
        return new TimeOrderedIds(clock);
    }

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }
}

package dev.trustedcompute.aas.token;

import dev.trustedcompute.aas.AasProperties;
import dev.trustedcompute.aas.keys.KeyRingService;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Default token seams, each replaceable by declaring a bean of the type (an auto-configuration, so that
 * {@code @ConditionalOnMissingBean} sees the application's own beans first).
 */
@AutoConfiguration
public class TokenAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public TokenClaimsCustomizer tokenClaimsCustomizer() {
        return (request, claims) -> {
        };
    }

    @Bean
    @ConditionalOnMissingBean
    public TokenIssuer tokenIssuer(KeyRingService keys, TokenClaimsCustomizer customizer, AasProperties properties,
                                   Clock clock) {
        // publishedRing: a key another replica made active is used within seconds
        return new JwtTokenIssuer(() -> keys.publishedRing().active(), customizer, properties.issuer(), clock);
    }
}

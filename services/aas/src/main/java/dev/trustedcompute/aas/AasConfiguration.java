package dev.trustedcompute.aas;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.trustedcompute.aas.keys.KeyRingService;
import dev.trustedcompute.aas.keys.SigningKey;
import dev.trustedcompute.aas.login.LockoutPolicy;
import dev.trustedcompute.aas.password.Argon2Parameters;
import dev.trustedcompute.aas.password.Argon2idHasher;
import dev.trustedcompute.aas.permissions.AasAuthorities;
import dev.trustedcompute.servicekit.security.PermissionCatalogue;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Beans shared across AAS features: randomness, hashing, lockout, permissions, own token validation. The
 * {@link Clock} comes from service-kit (tests replace it).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(AasProperties.class)
public class AasConfiguration {

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    Argon2idHasher argon2idHasher(AasProperties properties, SecureRandom random) {
        AasProperties.Argon2 p = properties.password();
        return new Argon2idHasher(new Argon2Parameters(p.memoryKib(), p.iterations(), p.parallelism()), random);
    }

    @Bean
    LockoutPolicy lockoutPolicy(AasProperties properties) {
        AasProperties.Lockout l = properties.lockout();
        return new LockoutPolicy(l.maxFailures(), l.window(), l.duration());
    }

    /** What AAS checks; service-kit expands an administrator's {@code *:*:*} against it. */
    @Bean
    PermissionCatalogue aasPermissionCatalogue() {
        return new PermissionCatalogue(new LinkedHashSet<>(AasAuthorities.ALL));
    }

    /**
     * AAS validates its own tokens from the in-memory key ring (no HTTP call to its own JWKS): ES384 only, the
     * key chosen by {@code kid}, issuer and time checked against the injected clock (60 s skew).
     */
    @Bean
    JwtDecoder jwtDecoder(KeyRingService keys, AasProperties properties, Clock clock) {
        JWKSource<SecurityContext> source = (JWKSelector selector, SecurityContext context) -> {
            var kids = selector.getMatcher().getKeyIDs();
            if (kids == null || kids.size() != 1) {
                return List.of();
            }
            return keys.find(kids.iterator().next())
                    .map(SigningKey::publicJwk)
                    .filter(jwk -> selector.getMatcher().matches(jwk))
                    .<List<com.nimbusds.jose.jwk.JWK>>map(List::of)
                    .orElse(List.of());
        };
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES384, source));
        // Claims are checked by Spring's validators below, with our clock.
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps,
                new JwtIssuerValidator(properties.issuer())));
        return decoder;
    }
}

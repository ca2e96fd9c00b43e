package dev.trustedcompute.servicekit.security;

import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

import java.util.ArrayList;
import java.util.List;

/**
 * Every service is a stateless OAuth2 resource server that accepts AAS-issued JWTs. Endpoints declare
 * their permission with {@code @PreAuthorize("hasAuthority('SERVICE:resource:action')")}; everything not
 * public needs at least a valid token.
 */
@AutoConfiguration
@EnableWebSecurity
@EnableMethodSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class ServiceKitSecurityConfiguration {

    static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health/**", "/actuator/health",
            "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui/**",
            "/swagger-ui.html", "/error");

    @Bean
    @ConditionalOnMissingBean
    public JwtDecoder jwtDecoder(SecurityProperties properties) {
        if (properties.jwksUri() == null) {
            throw new IllegalStateException("tc.security.jwks-uri is not set: point it at AAS's /aas/v1/jwks "
                    + "(env TC_SECURITY_JWKS_URI)");
        }
        // Bouncy Castle checks AAS's P-384 signatures in about a third of the JDK's time (docs/BENCHMARKS.md),
        // and every authenticated request pays for one
        DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();
        verifiers.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
        return NimbusJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
                .jwsAlgorithms(algorithms -> {
                    algorithms.add(SignatureAlgorithm.ES256);
                    algorithms.add(SignatureAlgorithm.ES384);
                    algorithms.add(SignatureAlgorithm.ES512);
                })
                .jwtProcessorCustomizer(processor -> processor.setJWSVerifierFactory(verifiers))
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    public PermissionCatalogue permissionCatalogue(ObjectProvider<List<PermissionCatalogue>> catalogues) {
        return PermissionCatalogue.merge(catalogues.getIfAvailable(List::of));
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    public SecurityFilterChain serviceKitSecurityFilterChain(HttpSecurity http, SecurityProperties properties,
            JwtDecoder jwtDecoder, ObjectProvider<PermissionCatalogue> catalogue) throws Exception {
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(
                new PermissionAuthoritiesConverter(catalogue.getIfAvailable(() -> PermissionCatalogue.of())));
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
        List<String> publicPaths = new ArrayList<>(ALWAYS_PUBLIC);
        publicPaths.addAll(properties.publicPaths());
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(publicPaths.toArray(String[]::new)).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(authentication))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        return http.build();
    }
}

package dev.trustedcompute.kbs;

import dev.trustedcompute.kbs.admin.AdminAuthenticationInterceptor;
import dev.trustedcompute.kbs.admin.KbsPermissions;
import dev.trustedcompute.kbs.admin.TrusteeAdminTokens;
import dev.trustedcompute.kbs.crypto.MasterKeys;
import dev.trustedcompute.kbs.jwe.JweEncryptor;
import dev.trustedcompute.kbs.policy.CelPolicyEngine;
import dev.trustedcompute.kbs.policy.OpaPolicyEngine;
import dev.trustedcompute.kbs.policy.PolicyEngine;
import dev.trustedcompute.kbs.referencevalues.AasTokenSource;
import dev.trustedcompute.kbs.referencevalues.ReferenceValueProvider;
import dev.trustedcompute.kbs.referencevalues.RvpsClient;
import dev.trustedcompute.servicekit.security.PermissionAuthoritiesConverter;
import dev.trustedcompute.servicekit.security.PermissionCatalogue;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** Wiring: crypto, policy engine, reference values, and the two kinds of bearer tokens KBS accepts. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(KbsProperties.class)
public class KbsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KbsConfiguration.class);

    /**
     * Routes whose bearer tokens are not AAS tokens (attestation tokens, Trustee admin tokens): Spring Security's
     * resource server must not try to validate them. Their handlers authenticate themselves.
     */
    static final List<String> SELF_AUTHENTICATED = List.of("/kbs/v0/", "/attestation", "/resource/");

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    MasterKeys masterKeys(KbsProperties properties, SecureRandom random) {
        return MasterKeys.fromConfig(properties.masterKeys(), properties.activeMasterKey(), random);
    }

    @Bean
    JweEncryptor jweEncryptor(SecureRandom random) {
        return new JweEncryptor(random);
    }

    @Bean
    PolicyEngine policyEngine(KbsProperties properties) {
        KbsProperties.Policy policy = properties.policy();
        return switch (policy.engine()) {
            case "cel" -> new CelPolicyEngine();
            case "opa" -> {
                if (policy.opaUrl() == null) {
                    throw new IllegalStateException("tc.kbs.policy.engine=opa needs tc.kbs.policy.opa-url");
                }
                yield new OpaPolicyEngine(policy.opaUrl(), policy.opaTimeout());
            }
            default -> throw new IllegalStateException("tc.kbs.policy.engine must be cel or opa, was " + policy.engine());
        };
    }

    @Bean
    @ConditionalOnProperty("tc.kbs.rvps.url")
    RvpsClient rvpsClient(KbsProperties properties, Clock clock, JsonMapper json) {
        KbsProperties.Rvps rvps = properties.rvps();
        if (rvps.aasUrl() == null || rvps.username() == null || rvps.password() == null) {
            throw new IllegalStateException("tc.kbs.rvps.url needs tc.kbs.rvps.aas-url, username and password "
                    + "(a service account with RVPS:reference_values:query)");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(rvps.timeout()).build();
        AasTokenSource tokens = new AasTokenSource(http, rvps.aasUrl(), rvps.username(), rvps.password(),
                rvps.timeout(), clock, json);
        return new RvpsClient(http, rvps.url(), tokens, rvps.timeout(), json, rvps.cacheTtl(), clock);
    }

    /** Without RVPS ({@link #rvpsClient} is the provider otherwise): no reference values at all. */
    @Bean
    @ConditionalOnExpression("'${tc.kbs.rvps.url:}' == ''")
    ReferenceValueProvider noReferenceValues() {
        log.warn("tc.kbs.rvps.url is not set: no reference values are known, appraisals match none");
        return names -> Map.of();
    }

    @Bean
    PermissionCatalogue kbsPermissionCatalogue() {
        return new PermissionCatalogue(new LinkedHashSet<>(KbsPermissions.ALL));
    }

    @Bean
    @ConditionalOnProperty("tc.kbs.admin.public-key-file")
    TrusteeAdminTokens trusteeAdminTokens(KbsProperties properties, Clock clock) {
        KbsProperties.Admin admin = properties.admin();
        Map<String, List<String>> roles = admin.roles().isEmpty()
                ? Map.of("admin", KbsPermissions.ALL)
                : qualify(admin.roles());
        try {
            return new TrusteeAdminTokens(TrusteeAdminTokens.parsePublicKey(Files.readString(admin.publicKeyFile())),
                    admin.issuer(), admin.audience(), roles, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tc.kbs.admin.public-key-file " + admin.publicKeyFile(), e);
        }
    }

    /** Role permissions are configured as {@code resource:action}; KBS's authorities are {@code KBS:resource:action}. */
    private static Map<String, List<String>> qualify(Map<String, List<String>> roles) {
        Map<String, List<String>> qualified = new LinkedHashMap<>();
        roles.forEach((role, permissions) -> qualified.put(role,
                permissions.stream().map(p -> p.startsWith("KBS:") ? p : "KBS:" + p).toList()));
        return qualified;
    }

    /** Picked up by service-kit's resource server: no AAS token processing on {@link #SELF_AUTHENTICATED} routes. */
    @Bean
    BearerTokenResolver bearerTokenResolver() {
        DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
        return (HttpServletRequest request) -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            for (String prefix : SELF_AUTHENTICATED) {
                if (path.startsWith(prefix) || path.equals(prefix)) {
                    return null;
                }
            }
            return standard.resolve(request);
        };
    }

    @Bean
    WebMvcConfigurer adminAuthentication(JwtDecoder jwtDecoder, PermissionCatalogue catalogue,
                                         ObjectProvider<TrusteeAdminTokens> trusteeTokens) {
        AdminAuthenticationInterceptor interceptor = new AdminAuthenticationInterceptor(jwtDecoder,
                new PermissionAuthoritiesConverter(catalogue), Optional.ofNullable(trusteeTokens.getIfAvailable()));
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor).addPathPatterns("/kbs/v0/**");
            }
        };
    }
}

package dev.trustedcompute.servicekit;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Defaults every service shares (lowest precedence: a service's own configuration wins): no stack traces
 * or messages in error bodies, Boot's problem handler off (service-kit's advice renders problems), actuator health and Prometheus exposed (without
 * Spring Security's per-filter observations), Swagger UI at
 * {@code /swagger-ui.html}, secrets masked in actuator output.
 */
public class ServiceKitDefaults implements EnvironmentPostProcessor {

    private static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry("server.error.include-stacktrace", "never"),
            Map.entry("server.error.include-message", "never"),
            // Boot's own handler would pre-empt ProblemDetailsAdvice (which renders the same RFC 9457 bodies,
            // with our problem types) for framework exceptions.
            Map.entry("spring.mvc.problemdetails.enabled", "false"),
            Map.entry("management.endpoints.web.exposure.include", "health,prometheus"),
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("management.endpoint.env.show-values", "never"),
            // Spring Security observes each of its filters on every request: a tenth of KBS's CPU per RCAR
            // session under load (docs/BENCHMARKS.md). http.server.requests still times every request.
            Map.entry("management.observations.enable.spring.security", "false"),
            Map.entry("springdoc.swagger-ui.path", "/swagger-ui.html"),
            Map.entry("springdoc.api-docs.path", "/v3/api-docs"),
            Map.entry("spring.jackson.deserialization.fail-on-unknown-properties", "false"),
            Map.entry("spring.main.banner-mode", "off"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("trustedComputeDefaults", DEFAULTS));
    }
}

package dev.trustedcompute.servicekit.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.util.List;

/**
 * Token validation settings shared by every service.
 *
 * @param jwksUri     AAS's JWK set ({@code https://aas:8444/aas/v1/jwks}); keys are cached and refetched
 *                    when a token names an unknown {@code kid}. Required unless the service supplies its
 *                    own {@code JwtDecoder}.
 * @param publicPaths request patterns served without a token, in addition to health, Prometheus,
 *                    the OpenAPI document and Swagger UI.
 */
@Validated
@ConfigurationProperties("tc.security")
public record SecurityProperties(URI jwksUri, List<String> publicPaths) {

    public SecurityProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }
}

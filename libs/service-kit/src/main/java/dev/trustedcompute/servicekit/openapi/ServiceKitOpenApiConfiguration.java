package dev.trustedcompute.servicekit.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The OpenAPI document every service serves: its name, and the AAS bearer token as the global scheme. */
@AutoConfiguration
public class ServiceKitOpenApiConfiguration {

    public static final String BEARER = "bearerAuth";

    @Bean
    @ConditionalOnMissingBean
    public OpenAPI serviceOpenApi(@Value("${spring.application.name:service}") String name,
                                 @Value("${tc.openapi.description:Trusted Compute service}") String description) {
        return new OpenAPI()
                .info(new Info().title("Trusted Compute " + name).version("v1").description(description)
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("JWT issued by AAS (POST /aas/v1/token)")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}

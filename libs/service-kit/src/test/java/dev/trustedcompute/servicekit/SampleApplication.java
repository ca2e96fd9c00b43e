package dev.trustedcompute.servicekit;

import dev.trustedcompute.servicekit.error.CommonError;
import dev.trustedcompute.servicekit.error.ServiceException;
import dev.trustedcompute.servicekit.security.PermissionCatalogue;
import dev.trustedcompute.servicekit.security.TokenClaims;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/** A minimal service built on service-kit, used to test the kit as a service sees it. */
@SpringBootApplication
public class SampleApplication {

    @Bean
    PermissionCatalogue samplePermissions() {
        return PermissionCatalogue.of("SAMPLE:items:create", "SAMPLE:items:retrieve");
    }

    record Item(@NotBlank String name, @Positive int count) {
    }

    @RestController
    static class ItemsController {

        @PostMapping("/items")
        @PreAuthorize("hasAuthority('SAMPLE:items:create')")
        Item create(@Valid @RequestBody Item item) {
            return item;
        }

        @GetMapping("/items/{id}")
        @PreAuthorize("hasAuthority('SAMPLE:items:retrieve')")
        Item get(@PathVariable UUID id) {
            throw ServiceException.notFound("no item " + id);
        }

        @GetMapping("/whoami")
        List<String> whoami(@AuthenticationPrincipal Jwt jwt) {
            return TokenClaims.from(jwt).selectorsFor("SAMPLE", "items", "create");
        }

        @GetMapping("/boom")
        @PreAuthorize("hasAuthority('SAMPLE:items:retrieve')")
        Item boom() {
            throw new IllegalStateException("secret internal state 0xdeadbeef");
        }

        @GetMapping("/conflict")
        Item conflict() {
            throw new ServiceException(CommonError.CONFLICT, "already there");
        }
    }
}

package dev.trustedcompute.aas.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trustedcompute.aas.error.AasError;
import dev.trustedcompute.aas.permissions.AasAuthorities;
import dev.trustedcompute.servicekit.identity.Pem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Public verification keys (JWKS and PEM certificates) and key rotation. */
@RestController
@RequestMapping("/aas/v1")
@Tag(name = "keys", description = "Token signing keys")
public class JwksController {

    public static final String PEM = "application/x-pem-file";

    private final KeyRingService keys;

    public JwksController(KeyRingService keys) {
        this.keys = keys;
    }

    @GetMapping(path = "/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
    @SecurityRequirements
    @Operation(summary = "Public JWK set: the active key and retiring keys (no authentication)",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    schema = @Schema(type = "object", description = "RFC 7517 JWK set"))))
    public ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic())
                .body(keys.publicJwkSet().toJSONObject(true));
    }

    @GetMapping(path = "/jwt-certificates", produces = PEM)
    @SecurityRequirements
    @Operation(summary = "PEM certificate chains of the signing keys, active key's chain first (no authentication)")
    public ResponseEntity<String> certificates() {
        StringBuilder pem = new StringBuilder();
        keys.publishedRing().keys().forEach(key -> pem.append(Pem.encode(key.chain())));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(PEM)).body(pem.toString());
    }

    @PostMapping(path = "/jwks/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + AasAuthorities.KEYS_ROTATE + "')")
    @Operation(summary = "Make a new active signing key; the old one stays in the JWKS until its tokens expire")
    public KeyRingView rotate() {
        try {
            return KeyRingView.of(keys.rotate());
        } catch (SigningKeyException e) {
            throw AasError.CMS_UNAVAILABLE.exception("rotation failed, the active key is unchanged: " + e.getMessage());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SigningKeyInfo")
    public record KeyView(String kid, @JsonProperty("created_at") Instant createdAt,
                          @JsonProperty("retired_at") Instant retiredAt,
                          @JsonProperty("retain_until") Instant retainUntil) {
    }

    @Schema(name = "KeyRing")
    public record KeyRingView(KeyView active, List<KeyView> retiring) {
        static KeyRingView of(SigningKeyRing ring) {
            return new KeyRingView(view(ring.active()), ring.retiring().stream().map(KeyRingView::view).toList());
        }

        private static KeyView view(SigningKey key) {
            return new KeyView(key.kid(), key.createdAt(), key.retiredAt(), key.retainUntil());
        }
    }
}

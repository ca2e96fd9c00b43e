package dev.trustedcompute.kbs.ear;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public keys that sign EAR tokens, for relying parties that verify tokens themselves. */
@RestController
public class JwksController {

    private final SigningKeys keys;

    public JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "JWK set of the EAR token signing keys (public, with x5c)")
    @SecurityRequirements
    public Map<String, Object> jwks() {
        return new JWKSet(keys.all().stream().<JWK>map(TokenSigningKey::publicJwk).toList()).toJSONObject(true);
    }
}

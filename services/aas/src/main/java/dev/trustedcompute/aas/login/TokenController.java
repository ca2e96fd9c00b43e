package dev.trustedcompute.aas.login;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /aas/v1/token}: user name + password in, signed JWT out ({@code application/jwt}, as SecL). */
@RestController
@Tag(name = "token", description = "Password login, returns a signed JWT")
public class TokenController {

    public static final String JWT = "application/jwt";

    private final LoginService login;

    public TokenController(LoginService login) {
        this.login = login;
    }

    @Schema(name = "TokenRequest")
    public record Credentials(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String username,
                              @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                                      accessMode = Schema.AccessMode.WRITE_ONLY) String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + "]";
        }
    }

    @PostMapping(path = "/aas/v1/token", consumes = MediaType.APPLICATION_JSON_VALUE, produces = JWT)
    @SecurityRequirements
    @Operation(summary = "Log in; returns an ES384 JWT with the user's roles and permissions (SecL shape). "
            + "401 for a wrong user name or password, 429 while the name is locked after repeated failures")
    public ResponseEntity<String> token(@RequestBody Credentials credentials) {
        String token = login.login(credentials.username(), credentials.password()).token();
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(JWT)).header("Cache-Control", "no-store")
                .body(token);
    }
}

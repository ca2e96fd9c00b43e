package dev.trustedcompute.kbs.curl;

import dev.trustedcompute.kbs.jwe.JweResponse;
import dev.trustedcompute.kbs.protocol.KbsError;
import dev.trustedcompute.kbs.resources.ResourcePath;
import dev.trustedcompute.kbs.resources.ResourceRelease;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Resources for scripts: {@code GET /resource/{repo}/{type}/{tag}}, or {@code /resource/{namespace}/{name}} for
 * repository {@code default}, with {@code Authorization: Bearer <attestation token>}. Same policy and JWE as RCAR;
 * errors are problem+json.
 */
@RestController
public class CurlResourceController {

    public static final String DEFAULT_REPOSITORY = "default";

    private final ResourceRelease release;

    public CurlResourceController(ResourceRelease release) {
        this.release = release;
    }

    @GetMapping(path = "/resource/{repository}/{type}/{tag}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a resource as a JWE for the token's tee-pubkey")
    @SecurityRequirement(name = "bearerAuth")
    public JweResponse get(@PathVariable String repository, @PathVariable String type, @PathVariable String tag,
                           @RequestParam Map<String, String> query,
                           @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return release.release(bearer(authorization), new ResourcePath(repository, type, tag), query);
    }

    @GetMapping(path = "/resource/{namespace}/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get resource default/{namespace}/{name} as a JWE for the token's tee-pubkey")
    @SecurityRequirement(name = "bearerAuth")
    public JweResponse getDefault(@PathVariable String namespace, @PathVariable String name,
                                  @RequestParam Map<String, String> query,
                                  @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return release.release(bearer(authorization), new ResourcePath(DEFAULT_REPOSITORY, namespace, name), query);
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw KbsError.TOKEN_NOT_FOUND.exception("send Authorization: Bearer <attestation token>");
        }
        return authorization.substring(7).trim();
    }

}

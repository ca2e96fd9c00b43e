package dev.trustedcompute.kbs.resources;

import dev.trustedcompute.kbs.admin.AdminEndpoint;
import dev.trustedcompute.kbs.jwe.JweResponse;
import dev.trustedcompute.kbs.protocol.KbsError;
import dev.trustedcompute.kbs.protocol.SessionCookie;
import dev.trustedcompute.kbs.protocol.TrusteeApi;
import dev.trustedcompute.kbs.session.Session;
import dev.trustedcompute.kbs.session.SessionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Trustee's resource plugin: {@code GET /kbs/v0/resource/{repo}/{type}/{tag}} for attested workloads (token from
 * the session cookie first, else {@code Authorization: Bearer}), {@code POST}/{@code DELETE} for administrators.
 */
@RestController
@TrusteeApi
@RequestMapping("/kbs/v0/resource")
public class ResourceController {

    private final ResourceRelease release;
    private final ResourceStore store;
    private final SessionService sessions;

    public ResourceController(ResourceRelease release, ResourceStore store, SessionService sessions) {
        this.release = release;
        this.store = store;
        this.sessions = sessions;
    }

    @GetMapping(path = "/{repository}/{type}/{tag}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a resource as a JWE for the attested workload's key (token from the RCAR session "
            + "cookie or Authorization: Bearer)")
    @SecurityRequirement(name = "bearerAuth")
    public JweResponse get(@PathVariable String repository, @PathVariable String type, @PathVariable String tag,
                           @RequestParam Map<String, String> query,
                           @CookieValue(name = SessionCookie.NAME, required = false) String sessionId,
                           @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        ResourcePath path = new ResourcePath(repository, type, tag);
        return release.release(token(sessionId, authorization), path, query);
    }

    @PostMapping(path = "/{repository}/{type}/{tag}", consumes = MediaType.ALL_VALUE)
    @AdminEndpoint
    @PreAuthorize("hasAuthority('KBS:resources:create')")
    @Operation(summary = "Store (or replace) a resource; the body is the secret's raw bytes")
    @SecurityRequirement(name = "bearerAuth")
    public ResponseEntity<Void> put(@PathVariable String repository, @PathVariable String type,
                                    @PathVariable String tag, @RequestBody(required = false) byte[] content) {
        ResourcePath path = new ResourcePath(repository, type, tag);
        if (content == null || content.length == 0) {
            throw KbsError.MALFORMED_REQUEST.exception("the resource body is empty");
        }
        store.put(path, content);
        return ResponseEntity.ok().build();
    }

    @DeleteMapping("/{repository}/{type}/{tag}")
    @AdminEndpoint
    @PreAuthorize("hasAuthority('KBS:resources:delete')")
    @Operation(summary = "Delete a resource")
    @SecurityRequirement(name = "bearerAuth")
    public ResponseEntity<Void> delete(@PathVariable String repository, @PathVariable String type,
                                       @PathVariable String tag) {
        ResourcePath path = new ResourcePath(repository, type, tag);
        if (!store.delete(path)) {
            throw KbsError.RESOURCE_NOT_FOUND.exception("resource " + path + " not found");
        }
        return ResponseEntity.ok().build();
    }

    private String token(String sessionId, String authorization) {
        if (sessionId != null) {
            Session session = sessions.find(sessionId).filter(Session::attested).orElse(null);
            if (session != null) {
                return session.token();
            }
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        throw KbsError.TOKEN_NOT_FOUND.exception("Attestation Token not found: attest first (RCAR session cookie) "
                + "or send Authorization: Bearer <token>");
    }

}

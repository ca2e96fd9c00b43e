package dev.trustedcompute.kbs.protocol;

import dev.trustedcompute.kbs.session.Session;
import dev.trustedcompute.kbs.session.SessionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RCAR handshake (Trustee KBS protocol 0.4.0): {@code /auth} opens a session with a fresh nonce, {@code /attest}
 * verifies evidence bound to that nonce and returns the EAR token. Bodies are parsed here (not by the framework) so
 * a malformed one is Trustee's SerdeError.
 */
@RestController
@TrusteeApi
@RequestMapping(path = "/kbs/v0", produces = MediaType.APPLICATION_JSON_VALUE)
public class RcarController {

    private final SessionService sessions;
    private final Handshake handshake;
    private final JsonMapper json;

    public RcarController(SessionService sessions, Handshake handshake, JsonMapper json) {
        this.sessions = sessions;
        this.handshake = handshake;
        this.json = json;
    }

    @PostMapping(path = "/auth", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "RCAR: open a session; returns the challenge and the kbs-session-id cookie",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = RcarRequest.class))))
    @SecurityRequirements
    public ResponseEntity<Challenge> auth(@RequestBody(required = false) byte[] body) {
        RcarRequest request = parse(body, RcarRequest.class);
        Session session = handshake.open(request.version(), request.tee());
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, SessionCookie.headerValue(session))
                .body(Challenge.of(session.nonce()));
    }

    @PostMapping(path = "/attest", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "RCAR: submit evidence for the session's nonce; returns the EAR attestation token",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = AttestationMessage.class))))
    @SecurityRequirements
    public ResponseEntity<Map<String, String>> attest(
            @CookieValue(name = SessionCookie.NAME, required = false) String sessionId,
            @RequestBody(required = false) byte[] body) {
        if (sessionId == null) {
            throw KbsError.SESSION_NOT_FOUND.exception("no kbs-session-id cookie: call /kbs/v0/auth first");
        }
        Session current = sessions.find(sessionId).orElseThrow(() ->
                KbsError.SESSION_NOT_FOUND.exception("the session is unknown or has expired: call /kbs/v0/auth again"));
        if (current.attested()) {
            // Trustee: an attested session answers with its token again, without new evidence
            return tokenResponse(current, current.token());
        }
        AttestationMessage message = parse(body, AttestationMessage.class);
        Session session = sessions.consumeNonce(sessionId).orElseThrow(() -> KbsError.NONCE_USED.exception(
                "the session's nonce was already used: call /kbs/v0/auth again"));
        return tokenResponse(session, handshake.attest(session, message));
    }

    private static ResponseEntity<Map<String, String>> tokenResponse(Session session, String token) {
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, SessionCookie.headerValue(session))
                .body(Map.of("token", token));
    }

    private <T> T parse(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw KbsError.MALFORMED_REQUEST.exception("Serialize/Deserialize failed: the request body is empty");
        }
        try {
            return json.readValue(body, type);
        } catch (JacksonException e) {
            throw KbsError.MALFORMED_REQUEST.exception("Serialize/Deserialize failed: the body is not a valid "
                    + type.getSimpleName() + " JSON object");
        }
    }
}

package dev.trustedcompute.kbs.curl;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trustedcompute.kbs.protocol.AttestationMessage;
import dev.trustedcompute.kbs.protocol.Challenge;
import dev.trustedcompute.kbs.protocol.Handshake;
import dev.trustedcompute.kbs.protocol.KbsError;
import dev.trustedcompute.kbs.session.Session;
import dev.trustedcompute.kbs.session.SessionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The handshake for scripts, without cookies: {@code POST /attestation {"tee":"tpm"}} returns a challenge; the same
 * route with the RCAR attestation members ({@code runtime-data}, {@code tee-evidence}, optional {@code init-data})
 * returns the token. The nonce in {@code runtime-data} names the session; it works once. Errors are problem+json.
 */
@RestController
public class CurlAttestationController {

    /** Either a challenge request ({@code tee} only) or an attestation (with the RCAR members). */
    public record AttestationCall(
            String tee,
            @JsonProperty("init-data") JsonNode initData,
            @JsonProperty("runtime-data") JsonNode runtimeData,
            @JsonProperty("tee-evidence") JsonNode teeEvidence) {
    }

    private final Handshake handshake;
    private final SessionService sessions;

    public CurlAttestationController(Handshake handshake, SessionService sessions) {
        this.handshake = handshake;
        this.sessions = sessions;
    }

    @PostMapping(path = "/attestation", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "{\"tee\"} -> challenge {nonce, extra-params}; {tee, runtime-data, tee-evidence} -> {token}")
    @SecurityRequirements
    public Object attestation(@RequestBody AttestationCall call) {
        if (call.runtimeData() == null && call.teeEvidence() == null) {
            if (call.tee() == null) {
                throw KbsError.MALFORMED_REQUEST.exception("send {\"tee\":\"<tee>\"} for a challenge");
            }
            Session session = handshake.open(Handshake.PROTOCOL_VERSION, call.tee());
            return Challenge.of(session.nonce());
        }
        JsonNode nonce = call.runtimeData() == null ? null : call.runtimeData().get("nonce");
        if (nonce == null || !nonce.isString()) {
            throw KbsError.MALFORMED_REQUEST.exception("runtime-data.nonce (the challenge nonce) is required");
        }
        Session session = sessions.consumeNonceByValue(nonce.asString()).orElseThrow(() ->
                KbsError.NONCE_USED.exception("the nonce is unknown, expired or already used: ask for a new challenge"));
        if (call.tee() != null && !call.tee().equals(session.tee())) {
            throw KbsError.UNSUPPORTED_TEE.exception("the challenge was issued for " + session.tee() + ", not " + call.tee());
        }
        String token = handshake.attest(session,
                new AttestationMessage(session.tee(), call.initData(), call.runtimeData(), call.teeEvidence()));
        return Map.of("token", token);
    }
}

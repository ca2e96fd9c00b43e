package dev.trustedcompute.kbs.protocol;

import dev.trustedcompute.kbs.attestation.AttestationRequest;
import dev.trustedcompute.kbs.attestation.AttestationService;
import dev.trustedcompute.kbs.attestation.SupportedTees;
import dev.trustedcompute.kbs.session.Session;
import dev.trustedcompute.kbs.session.SessionService;
import org.springframework.stereotype.Service;

/** The two steps of a handshake, shared by the RCAR routes and the curl-friendly {@code /attestation}. */
@Service
public class Handshake {

    /** Trustee accepts exactly this protocol version (semver requirement {@code =0.4.0}). */
    public static final String PROTOCOL_VERSION = "0.4.0";

    private final SessionService sessions;
    private final AttestationService attestation;
    private final SupportedTees tees;

    public Handshake(SessionService sessions, AttestationService attestation, SupportedTees tees) {
        this.sessions = sessions;
        this.attestation = attestation;
        this.tees = tees;
    }

    /** Checks the version and TEE and opens a session with a fresh nonce. */
    public Session open(String version, String tee) {
        if (!PROTOCOL_VERSION.equals(version)) {
            throw KbsError.PROTOCOL_VERSION.exception("KBS Client Protocol Version Mismatch: expect ="
                    + PROTOCOL_VERSION + " while the request is " + version);
        }
        return sessions.create(tees.require(tee));
    }

    /**
     * Attests in a session whose nonce the caller has just consumed (so this runs at most once per nonce); on
     * success the session holds the token.
     */
    public String attest(Session session, AttestationMessage message) {
        AttestationRequest request = AttestationRequest.from(session.tee(), message);
        if (!session.nonce().equals(request.nonce())) {
            throw KbsError.NONCE_MISMATCH.exception("runtime-data.nonce is not the nonce of this session");
        }
        String token = attestation.attest(request);
        sessions.attested(session, token);
        return token;
    }
}

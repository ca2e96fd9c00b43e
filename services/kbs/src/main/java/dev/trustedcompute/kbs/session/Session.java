package dev.trustedcompute.kbs.session;

import java.time.Instant;

/**
 * An RCAR session. It is authed (a challenge is out) until {@link #token()} is set, then attested.
 *
 * @param id        32 lower-case hex characters (a UUIDv4 without dashes, as Trustee), the cookie value
 * @param tee       the TEE named in the request
 * @param nonce     the challenge nonce (base64 of 32 random bytes)
 * @param nonceUsed whether an /attest already consumed the nonce
 * @param token     the EAR token once attested, else null
 * @param expiresAt end of the session
 */
public record Session(String id, String tee, String nonce, boolean nonceUsed, String token, Instant expiresAt) {

    public boolean attested() {
        return token != null;
    }
}

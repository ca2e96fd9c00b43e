package dev.trustedcompute.kbs.ear;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.kbs.protocol.KbsError;
import java.text.ParseException;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Verifies an attestation token presented for a resource, whether it came from the session or a Bearer header
 * (Trustee verifies both). Only tokens signed by one of our own signing keys pass: the {@code jwk} in the header
 * merely names the key (by thumbprint); it is never trusted by itself. A token this process signed itself
 * ({@link IssuedTokens}) skips only the signature check: its key must still be one of ours and it must not have
 * expired.
 */
@Service
public class EarVerifier {

    private final SigningKeys keys;
    private final IssuedTokens issued;
    private final Clock clock;

    public EarVerifier(SigningKeys keys, IssuedTokens issued, Clock clock) {
        this.keys = keys;
        this.issued = issued;
        this.clock = clock;
    }

    /** The verified claims as JSON values; {@link KbsError#TOKEN_INVALID} otherwise. */
    public Map<String, Object> verify(String token) {
        boolean ours = issued.signingKeyOf(token).flatMap(keys::find).isPresent();
        Map<String, Object> claims = ours ? payloadOf(token) : verifiedClaims(token);
        if (!(claims.get("exp") instanceof Number exp) || exp.longValue() <= clock.instant().getEpochSecond()) {
            throw KbsError.TOKEN_INVALID.exception("the attestation token has expired");
        }
        return claims;
    }

    /** A token this process signed, with a key it still holds: its exact text is ours, so only the payload is read. */
    private static Map<String, Object> payloadOf(String token) {
        int payloadStart = token.indexOf('.') + 1;
        try {
            return JSONObjectUtils.parse(new Base64URL(token.substring(payloadStart, token.indexOf('.', payloadStart)))
                    .decodeToString());
        } catch (ParseException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("a token this KBS issued does not parse", e);
        }
    }

    private Map<String, Object> verifiedClaims(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw KbsError.TOKEN_INVALID.exception("the attestation token is not a signed JWT");
        }
        if (!TokenSigningKey.ALGORITHM.equals(jwt.getHeader().getAlgorithm())) {
            throw KbsError.TOKEN_INVALID.exception("the attestation token must be " + TokenSigningKey.ALGORITHM);
        }
        if (!(jwt.getHeader().getJWK() instanceof ECKey headerKey)) {
            throw KbsError.TOKEN_INVALID.exception("the attestation token header carries no EC jwk");
        }
        String kid;
        try {
            kid = headerKey.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw KbsError.TOKEN_INVALID.exception("the attestation token header jwk is unusable");
        }
        TokenSigningKey key = keys.find(kid).orElseThrow(() ->
                KbsError.TOKEN_INVALID.exception("the attestation token was not signed by this KBS"));
        try {
            if (!jwt.verify(verifier(key))) {
                throw KbsError.TOKEN_INVALID.exception("the attestation token signature is invalid");
            }
        } catch (JOSEException e) {
            throw KbsError.TOKEN_INVALID.exception("the attestation token signature cannot be checked");
        }
        return jwt.getPayload().toJSONObject();
    }

    /** Bouncy Castle checks P-256 signatures in about a third of the JDK's time (docs/BENCHMARKS.md). */
    private static ECDSAVerifier verifier(TokenSigningKey key) throws JOSEException {
        ECDSAVerifier verifier = new ECDSAVerifier(key.publicJwk());
        verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
        return verifier;
    }
}

package dev.trustedcompute.aas.token;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Last edit of a token's claims before signing, after the standard ({@code sub, iss, iat, nbf, exp, jti}) and SecL
 * ({@code roles, permissions}) claims are set (the model is Spring Authorization Server's
 * {@code OAuth2TokenCustomizer}). The default changes nothing; declare a bean of this type to add claims.
 */
@FunctionalInterface
public interface TokenClaimsCustomizer {

    void customize(TokenRequest request, JWTClaimsSet.Builder claims);
}

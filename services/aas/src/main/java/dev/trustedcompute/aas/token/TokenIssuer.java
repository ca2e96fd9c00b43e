package dev.trustedcompute.aas.token;

/** Issues signed tokens. The default is {@link JwtTokenIssuer}; a bean of this type replaces it. */
@FunctionalInterface
public interface TokenIssuer {

    IssuedToken issue(TokenRequest request);
}

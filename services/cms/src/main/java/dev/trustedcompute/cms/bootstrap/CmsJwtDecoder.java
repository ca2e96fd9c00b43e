package dev.trustedcompute.cms.bootstrap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.JWTParser;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Accepts two kinds of bearer token: CMS bootstrap tokens (issuer {@value BootstrapTokens#ISSUER}, verified
 * with the local bootstrap key, at most {@link BootstrapTokens#MAX_TTL} long, refused once used) and AAS
 * tokens (verified against AAS's JWKS). The unverified {@code iss} only picks the verifier; each verifier
 * then checks signature, issuer and time itself, so a forged {@code iss} gains nothing.
 */
public final class CmsJwtDecoder implements JwtDecoder {
    private final NimbusJwtDecoder bootstrap;
    private final JwtDecoder aas;
    private final BootstrapTokenLedger ledger;

    /** @param aas AAS decoder, or null when no JWKS URI is configured (then only bootstrap tokens work) */
    public CmsJwtDecoder(BootstrapKey key, JwtDecoder aas, BootstrapTokenLedger ledger, Clock clock) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES384,
                new ImmutableJWKSet<>(new JWKSet(key.signingJwk().toPublicJWK()))));
        // Spring's validators below check times on the injected clock; Nimbus' own claim check would use the system clock.
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        this.bootstrap = new NimbusJwtDecoder(processor);
        JwtTimestampValidator time = new JwtTimestampValidator(Duration.ofSeconds(30));
        time.setClock(clock);
        this.bootstrap.setJwtValidator(new DelegatingOAuth2TokenValidator<>(time, new JwtIssuerValidator(BootstrapTokens.ISSUER)));
        this.aas = aas;
        this.ledger = ledger;
    }

    /** The AAS decoder with time checks on the injected clock. */
    public static NimbusJwtDecoder aasDecoder(String jwksUri, Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri)
                .jwsAlgorithms(a -> {
                    a.add(SignatureAlgorithm.ES256);
                    a.add(SignatureAlgorithm.ES384);
                    a.add(SignatureAlgorithm.ES512);
                })
                .build();
        JwtTimestampValidator time = new JwtTimestampValidator();
        time.setClock(clock);
        decoder.setJwtValidator(time);
        return decoder;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        String issuer;
        try {
            JWT parsed = JWTParser.parse(token);
            issuer = parsed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new BadJwtException("malformed token");
        }
        if (BootstrapTokens.ISSUER.equals(issuer)) {
            return decodeBootstrap(token);
        }
        if (aas == null) {
            throw new BadJwtException("only CMS bootstrap tokens are accepted: tc.security.jwks-uri (AAS) is not configured");
        }
        return aas.decode(token);
    }

    private Jwt decodeBootstrap(String token) {
        Jwt jwt = bootstrap.decode(token);
        Instant issuedAt = jwt.getIssuedAt();
        Instant expiresAt = jwt.getExpiresAt();
        if (issuedAt == null || expiresAt == null) {
            throw new BadJwtException("bootstrap token must carry iat and exp");
        }
        if (Duration.between(issuedAt, expiresAt).compareTo(BootstrapTokens.MAX_TTL) > 0) {
            throw new BadJwtException("bootstrap token lifetime exceeds " + BootstrapTokens.MAX_TTL.toHours() + "h");
        }
        if (ledger.isUsed(BootstrapTokens.sha256(token))) {
            throw new BadJwtException("bootstrap token was already used (bootstrap tokens are single-use)");
        }
        return jwt;
    }
}

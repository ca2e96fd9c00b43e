package dev.trustedcompute.aas.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.aas.keys.SigningKey;
import dev.trustedcompute.aas.permissions.Permission;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Signs ES384 JWTs with the active key of the ring, {@code kid} in the header. Claims:
 * {@code sub, iss, iat, nbf, exp, jti} and the Intel SecL {@code roles:[{service,name,context}]},
 * {@code permissions:[{service,rules:[...]}]}, then the {@link TokenClaimsCustomizer}.
 */
public final class JwtTokenIssuer implements TokenIssuer {

    private final Supplier<SigningKey> activeKey;
    private final TokenClaimsCustomizer customizer;
    private final String issuer;
    private final Clock clock;

    public JwtTokenIssuer(Supplier<SigningKey> activeKey, TokenClaimsCustomizer customizer, String issuer, Clock clock) {
        this.activeKey = activeKey;
        this.customizer = customizer;
        this.issuer = issuer;
        this.clock = clock;
    }

    @Override
    public IssuedToken issue(TokenRequest request) {
        // JWT times have second precision; truncate so iat/exp in the token equal what we report.
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant expires = now.plus(request.lifetime());
        String jti = UUID.randomUUID().toString();
        var claims = new JWTClaimsSet.Builder()
                .subject(request.subject())
                .issuer(issuer)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(jti)
                .claim("roles", roles(request.roles()))
                .claim("permissions", permissions(request.permissions()));
        customizer.customize(request, claims);
        SigningKey key = activeKey.get();
        var header = new JWSHeader.Builder(SigningKey.ALGORITHM).keyID(key.kid()).type(JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(new ECDSASigner(key.signingJwk()));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with key " + key.kid() + " failed", e);
        }
        return new IssuedToken(jwt.serialize(), key.kid(), jti, now, expires);
    }

    private static List<Map<String, Object>> roles(List<TokenRequest.RoleClaim> roles) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TokenRequest.RoleClaim role : roles) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("service", role.service());
            entry.put("name", role.name());
            if (role.context() != null) {
                entry.put("context", role.context());
            }
            out.add(entry);
        }
        return out;
    }

    private static List<Map<String, Object>> permissions(List<Permission> permissions) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Permission permission : permissions) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("service", permission.service());
            entry.put("rules", permission.rules());
            out.add(entry);
        }
        return out;
    }
}

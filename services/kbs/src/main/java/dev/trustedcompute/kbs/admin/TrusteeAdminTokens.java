package dev.trustedcompute.kbs.admin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trustee's "bearer JWT with role" admin tokens, as {@code kbs-client config --admin-token-file} sends them: a JWT
 * signed by the configured key (EdDSA/Ed25519 as Trustee's tooling makes them, or ES256, or RS256) that carries a
 * {@code role} claim; {@code exp}/{@code nbf} are checked when present (60 s skew), {@code iss}/{@code aud} when
 * configured. The role maps to KBS permissions.
 */
public final class TrusteeAdminTokens {

    private static final Duration SKEW = Duration.ofSeconds(60);

    private final PublicKey key;
    private final String issuer;
    private final String audience;
    private final Map<String, List<String>> roles;
    private final Clock clock;

    public TrusteeAdminTokens(PublicKey key, String issuer, String audience, Map<String, List<String>> roles,
                              Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.roles = Map.copyOf(roles);
        this.clock = clock;
    }

    /** The permissions the token's role grants, or empty when the token is not a valid admin token. */
    public Optional<List<String>> permissions(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!verifier(jwt.getHeader().getAlgorithm()).verify(jwt.getHeader(), jwt.getSigningInput(),
                    jwt.getSignature())) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!timely(claims) || !issuerMatches(claims) || !audienceMatches(claims)
                    || !(claims.getClaim("role") instanceof String role)) {
                return Optional.empty();
            }
            return Optional.ofNullable(roles.get(role));
        } catch (ParseException | JOSEException | UnsupportedAlgorithmException e) {
            return Optional.empty();
        }
    }

    private JWSVerifier verifier(JWSAlgorithm algorithm) throws JOSEException {
        return switch (key) {
            case ECPublicKey ec when JWSAlgorithm.ES256.equals(algorithm) -> new ECDSAVerifier(ec);
            case RSAPublicKey rsa when JWSAlgorithm.RS256.equals(algorithm) -> new RSASSAVerifier(rsa);
            case PublicKey ed when "EdDSA".equals(ed.getAlgorithm()) || "Ed25519".equals(ed.getAlgorithm()) -> {
                if (!JWSAlgorithm.EdDSA.equals(algorithm) && !JWSAlgorithm.Ed25519.equals(algorithm)) {
                    throw new UnsupportedAlgorithmException();
                }
                yield new Ed25519Verifier(ed);
            }
            default -> throw new UnsupportedAlgorithmException();
        };
    }

    private boolean timely(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        return (exp == null || now.isBefore(exp.toInstant().plus(SKEW)))
                && (nbf == null || !now.isBefore(nbf.toInstant().minus(SKEW)));
    }

    private boolean issuerMatches(JWTClaimsSet claims) {
        return issuer == null || issuer.equals(claims.getIssuer());
    }

    private boolean audienceMatches(JWTClaimsSet claims) {
        return audience == null || (claims.getAudience() != null && claims.getAudience().contains(audience));
    }

    private static final class UnsupportedAlgorithmException extends RuntimeException {
    }

    /** Ed25519 with the JDK's provider (Nimbus's own Ed25519 verifier needs Google Tink, which we do not ship). */
    private static final class Ed25519Verifier implements JWSVerifier {
        private final PublicKey key;

        Ed25519Verifier(PublicKey key) {
            this.key = key;
        }

        @Override
        public boolean verify(com.nimbusds.jose.JWSHeader header, byte[] signingInput,
                              com.nimbusds.jose.util.Base64URL signature) throws JOSEException {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(signingInput);
                return verifier.verify(signature.decode());
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        @Override
        public java.util.Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return java.util.Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
        }

        @Override
        public com.nimbusds.jose.jca.JCAContext getJCAContext() {
            return new com.nimbusds.jose.jca.JCAContext();
        }
    }

    /** The {@code tc.kbs.admin.public-key-file} content: a PEM SubjectPublicKeyInfo. */
    public static PublicKey parsePublicKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der = java.util.Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
        for (String algorithm : List.of("Ed25519", "EC", "RSA")) {
            try {
                return java.security.KeyFactory.getInstance(algorithm)
                        .generatePublic(new java.security.spec.X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IllegalStateException("the admin public key is not an Ed25519, EC or RSA public key (PEM SPKI)");
    }
}

package dev.trustedcompute.cms.bootstrap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mints single-use bootstrap tokens: ES384 JWTs with issuer {@value #ISSUER} and the Intel SecL claim shape
 * {@code permissions:[{service, rules:[...]}]}, so the same authorization code handles them and AAS tokens.
 * Used by the {@code token} CLI before AAS exists (step-ca's one-time tokens, SecL's {@code cms authtoken}).
 */
public final class BootstrapTokens {
    public static final String ISSUER = "cms-bootstrap";
    /** Longest lifetime a bootstrap token may have; the server refuses longer-lived ones. */
    public static final Duration MAX_TTL = Duration.ofHours(24);

    private final BootstrapKey key;
    private final Clock clock;
    private final SecureRandom random;

    public BootstrapTokens(BootstrapKey key, Clock clock, SecureRandom random) {
        this.key = key;
        this.clock = clock;
        this.random = random;
    }

    /**
     * @param subject     who the token is for (audit only)
     * @param permissions {@code SERVICE:resource:action[:selector]} strings, e.g.
     *                    {@code CMS:certificates:create:CN=hvs;certType=TLS}
     * @param ttl         lifetime, at most {@link #MAX_TTL}
     */
    public String mint(String subject, List<String> permissions, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be positive and at most " + MAX_TTL.toHours() + "h, got " + ttl);
        }
        if (permissions.isEmpty()) {
            throw new IllegalArgumentException("at least one permission is required");
        }
        Map<String, List<String>> rulesByService = new LinkedHashMap<>();
        for (String permission : permissions) {
            String[] parts = permission.split(":", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].split(":", 3).length < 2) {
                throw new IllegalArgumentException("permission '" + permission + "' is not SERVICE:resource:action[:selector]");
            }
            rulesByService.computeIfAbsent(parts[0], s -> new ArrayList<>()).add(parts[1]);
        }
        List<Map<String, Object>> claim = new ArrayList<>();
        rulesByService.forEach((service, rules) -> claim.add(Map.of("service", service, "rules", rules)));
        byte[] jti = new byte[16];
        random.nextBytes(jti);
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(jti))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim("permissions", claim)
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT)
                    .keyID(key.signingJwk().getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner(key.signingJwk()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign bootstrap token", e);
        }
    }

    /** Lower-case hex SHA-256 of the compact token: what the ledger stores instead of the token. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.trustedcompute.testsupport.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stands in for AAS in service tests: an ES384 key whose JWKS is served over real HTTP on loopback, and
 * tokens with SecL-shaped {@code roles}/{@code permissions} claims. Services under test point
 * {@code tc.security.jwks-uri} at {@link #jwksUri()}, so they exercise the same path as in production.
 */
public final class TestTokenIssuer implements AutoCloseable {

    public static final String ISSUER = "https://aas.test/aas/v1";

    private final ECKey signingKey;
    private final ECKey foreignKey;
    private final HttpServer server;

    private TestTokenIssuer(ECKey signingKey, ECKey foreignKey, HttpServer server) {
        this.signingKey = signingKey;
        this.foreignKey = foreignKey;
        this.server = server;
    }

    public static TestTokenIssuer start() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_384).keyID("test-" + UUID.randomUUID()).generate();
            ECKey foreign = new ECKeyGenerator(Curve.P_384).keyID(key.getKeyID()).generate();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.start();
            return new TestTokenIssuer(key, foreign, server);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** A valid one-hour token for {@code subject} with the given permissions. */
    public String token(String subject, Permission... permissions) {
        return builder(subject).permissions(permissions).sign();
    }

    /** A valid token with no permissions at all (for 403 tests). */
    public String tokenWithoutPermissions(String subject) {
        return builder(subject).sign();
    }

    public TokenBuilder builder(String subject) {
        return new TokenBuilder(subject);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Fluent token construction, including the broken variants negative tests need. */
    public final class TokenBuilder {
        private final String subject;
        private final List<Permission> permissions = new ArrayList<>();
        private final List<Role> roles = new ArrayList<>();
        private Instant issuedAt = Instant.now();
        private Duration lifetime = Duration.ofHours(1);
        private boolean foreignSignature;

        private TokenBuilder(String subject) {
            this.subject = subject;
        }

        public TokenBuilder permissions(Permission... added) {
            permissions.addAll(List.of(added));
            return this;
        }

        public TokenBuilder roles(Role... added) {
            roles.addAll(List.of(added));
            return this;
        }

        /** Issued two hours ago with a one-hour lifetime. */
        public TokenBuilder expired() {
            issuedAt = Instant.now().minus(Duration.ofHours(2));
            lifetime = Duration.ofHours(1);
            return this;
        }

        /** Signed by a key that is not in the JWKS (same kid), so the signature check must fail. */
        public TokenBuilder signedByForeignKey() {
            foreignSignature = true;
            return this;
        }

        public String sign() {
            List<Map<String, Object>> permissionClaims = new ArrayList<>();
            for (Permission p : permissions) {
                Map<String, Object> claim = new LinkedHashMap<>();
                claim.put("service", p.service());
                claim.put("rules", p.rules());
                permissionClaims.add(claim);
            }
            List<Map<String, Object>> roleClaims = new ArrayList<>();
            for (Role r : roles) {
                Map<String, Object> claim = new LinkedHashMap<>();
                claim.put("service", r.service());
                claim.put("name", r.name());
                if (r.context() != null) {
                    claim.put("context", r.context());
                }
                roleClaims.add(claim);
            }
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(ISSUER)
                    .subject(subject)
                    .jwtID(UUID.randomUUID().toString())
                    .issueTime(Date.from(issuedAt))
                    .expirationTime(Date.from(issuedAt.plus(lifetime)))
                    .claim("roles", roleClaims)
                    .claim("permissions", permissionClaims)
                    .build();
            ECKey key = foreignSignature ? foreignKey : signingKey;
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(key.getKeyID()).build(), claims);
                jwt.sign(new ECDSASigner(key));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

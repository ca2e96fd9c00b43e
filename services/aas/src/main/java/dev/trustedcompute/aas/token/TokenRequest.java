package dev.trustedcompute.aas.token;

import dev.trustedcompute.aas.permissions.Permission;
import java.time.Duration;
import java.util.List;

/**
 * What a token is to say: its subject, roles and permissions (SecL shape) and lifetime.
 *
 * @param subject     {@code sub} (the user name)
 * @param roles       {@code roles:[{service,name,context}]}
 * @param permissions {@code permissions:[{service,rules}]}, rules grouped by service
 * @param lifetime    {@code exp - iat}
 */
public record TokenRequest(String subject, List<RoleClaim> roles, List<Permission> permissions, Duration lifetime) {

    public TokenRequest {
        roles = List.copyOf(roles);
        permissions = List.copyOf(permissions);
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
    }

    /** One element of the {@code roles} claim; context is omitted when null. */
    public record RoleClaim(String service, String name, String context) {
    }
}

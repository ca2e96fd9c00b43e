package dev.trustedcompute.servicekit.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The permissions one service checks, as {@code SERVICE:resource:action} strings (for example
 * {@code CMS:certificates:create}). Each service declares one catalogue bean; token rules that use a
 * {@code *} wildcard (an administrator's {@code *:*:*}) are expanded against it, so endpoints can use
 * plain {@code hasAuthority(...)} checks.
 */
public record PermissionCatalogue(Set<String> permissions) {

    public PermissionCatalogue {
        for (String permission : permissions) {
            if (permission.split(":", -1).length != 3) {
                throw new IllegalArgumentException("permission must be SERVICE:resource:action: " + permission);
            }
        }
        permissions = Set.copyOf(permissions);
    }

    public static PermissionCatalogue of(String... permissions) {
        return new PermissionCatalogue(new LinkedHashSet<>(List.of(permissions)));
    }

    /** The catalogue entries a (service, resource, action) pattern with optional {@code *} parts matches. */
    public List<String> matching(String service, String resource, String action) {
        return permissions.stream()
                .filter(p -> {
                    String[] parts = p.split(":", -1);
                    return matches(service, parts[0]) && matches(resource, parts[1]) && matches(action, parts[2]);
                })
                .sorted()
                .toList();
    }

    static PermissionCatalogue merge(Collection<PermissionCatalogue> catalogues) {
        Set<String> all = new LinkedHashSet<>();
        catalogues.forEach(c -> all.addAll(c.permissions()));
        return new PermissionCatalogue(all);
    }

    private static boolean matches(String pattern, String value) {
        return "*".equals(pattern) || pattern.equalsIgnoreCase(value);
    }
}

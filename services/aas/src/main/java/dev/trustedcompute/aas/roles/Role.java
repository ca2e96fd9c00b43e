package dev.trustedcompute.aas.roles;

import dev.trustedcompute.aas.permissions.PermissionRule;
import java.util.List;
import java.util.UUID;

/** A stored role. {@code builtIn} roles (the Administrator roles made at first start) cannot be deleted. */
public record Role(UUID id, String service, String name, String context, List<PermissionRule> rules,
                   boolean builtIn) {

    public Role {
        rules = List.copyOf(rules);
    }
}

package dev.trustedcompute.aas.bootstrap;

import dev.trustedcompute.aas.permissions.PermissionRule;
import dev.trustedcompute.aas.roles.RoleSpec;
import java.util.List;

/**
 * The built-in Administrator roles given to the first administrator: one per service, each with the single rule
 * {@code *:*:*}. Relying services expand {@code *} against their own permission catalogue (service-kit
 * {@code PermissionCatalogue}), so the administrator gets every permission each service declares, including
 * permissions added later, without listing them here.
 */
public final class AdministratorRoles {

    public static final String NAME = "Administrator";
    public static final List<String> SERVICES = List.of("AAS", "CMS", "HVS", "KBS", "RVPS", "AM", "TA");
    private static final PermissionRule ALL = new PermissionRule("*", "*", "*");

    /** AAS's own Administrator role: the role whose last holder cannot be deleted or lose it. */
    public static final RoleSpec AAS_ADMINISTRATOR = of("AAS");

    private AdministratorRoles() {
    }

    public static List<RoleSpec> all() {
        return SERVICES.stream().map(AdministratorRoles::of).toList();
    }

    private static RoleSpec of(String service) {
        return new RoleSpec(service, NAME, null, List.of(ALL));
    }
}

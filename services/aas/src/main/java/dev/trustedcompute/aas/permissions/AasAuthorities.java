package dev.trustedcompute.aas.permissions;

import java.util.List;

/**
 * Every permission AAS checks, in one place: the authority string for {@code @PreAuthorize} and the rule an
 * AAS role grants it with (service {@code AAS}, rule {@code resource:action:*}). Names follow Intel SecL
 * ({@code pkg/authservice/constants}): create, search, retrieve, store (update), delete.
 */
public final class AasAuthorities {

    public static final String SERVICE = "AAS";

    public static final String USERS_CREATE = "AAS:users:create";
    public static final String USERS_SEARCH = "AAS:users:search";
    public static final String USERS_RETRIEVE = "AAS:users:retrieve";
    public static final String USERS_STORE = "AAS:users:store";
    public static final String USERS_DELETE = "AAS:users:delete";
    public static final String ROLES_CREATE = "AAS:roles:create";
    public static final String ROLES_SEARCH = "AAS:roles:search";
    public static final String ROLES_RETRIEVE = "AAS:roles:retrieve";
    public static final String ROLES_DELETE = "AAS:roles:delete";
    public static final String USER_ROLES_CREATE = "AAS:user_roles:create";
    public static final String USER_ROLES_SEARCH = "AAS:user_roles:search";
    public static final String USER_ROLES_RETRIEVE = "AAS:user_roles:retrieve";
    public static final String USER_ROLES_DELETE = "AAS:user_roles:delete";
    public static final String KEYS_ROTATE = "AAS:keys:rotate";

    /** All of the above, for the Administrator role. */
    public static final List<String> ALL = List.of(USERS_CREATE, USERS_SEARCH, USERS_RETRIEVE, USERS_STORE,
            USERS_DELETE, ROLES_CREATE, ROLES_SEARCH, ROLES_RETRIEVE, ROLES_DELETE, USER_ROLES_CREATE,
            USER_ROLES_SEARCH, USER_ROLES_RETRIEVE, USER_ROLES_DELETE, KEYS_ROTATE);

    private AasAuthorities() {
    }

    /** {@code AAS:users:create} -> rule {@code users:create:*}. */
    public static PermissionRule ruleFor(String authority) {
        String[] parts = authority.split(":");
        if (parts.length != 3 || !parts[0].equals(SERVICE)) {
            throw new IllegalArgumentException("not an AAS authority: " + authority);
        }
        return PermissionRule.of(parts[1], parts[2]);
    }
}

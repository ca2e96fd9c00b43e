package dev.trustedcompute.hvs.flavor;

/**
 * Permissions of the flavor, flavor group and flavor template endpoints ({@code HVS:resource:action}; names as in
 * Intel SecL's {@code roles_and_permissions.go}).
 */
public final class FlavorPermissions {
    public static final String FLAVORS_CREATE = "HVS:flavors:create";
    public static final String FLAVORS_SEARCH = "HVS:flavors:search";
    public static final String FLAVORS_RETRIEVE = "HVS:flavors:retrieve";
    public static final String FLAVORS_DELETE = "HVS:flavors:delete";
    public static final String FLAVORGROUPS_CREATE = "HVS:flavorgroups:create";
    public static final String FLAVORGROUPS_SEARCH = "HVS:flavorgroups:search";
    public static final String FLAVORGROUPS_RETRIEVE = "HVS:flavorgroups:retrieve";
    public static final String FLAVORGROUPS_DELETE = "HVS:flavorgroups:delete";
    public static final String TEMPLATES_CREATE = "HVS:flavor-template:create";
    public static final String TEMPLATES_SEARCH = "HVS:flavor-template:search";
    public static final String TEMPLATES_RETRIEVE = "HVS:flavor-template:retrieve";
    public static final String TEMPLATES_DELETE = "HVS:flavor-template:delete";

    /** Every permission above, for the service's permission catalogue (wildcard rules). */
    public static final String[] ALL = {FLAVORS_CREATE, FLAVORS_SEARCH, FLAVORS_RETRIEVE, FLAVORS_DELETE,
            FLAVORGROUPS_CREATE, FLAVORGROUPS_SEARCH, FLAVORGROUPS_RETRIEVE, FLAVORGROUPS_DELETE,
            TEMPLATES_CREATE, TEMPLATES_SEARCH, TEMPLATES_RETRIEVE, TEMPLATES_DELETE};

    private FlavorPermissions() {
    }
}

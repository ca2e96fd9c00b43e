package dev.trustedcompute.kbs.admin;

import java.util.List;

/** The permissions KBS checks, as AAS grants them ({@code KBS:resource:action}). */
public final class KbsPermissions {

    public static final String RESOURCES_CREATE = "KBS:resources:create";
    public static final String RESOURCES_DELETE = "KBS:resources:delete";
    public static final String RESOURCE_POLICY_STORE = "KBS:resource_policy:store";
    public static final String RESOURCE_POLICY_RETRIEVE = "KBS:resource_policy:retrieve";
    public static final String ATTESTATION_POLICY_STORE = "KBS:attestation_policy:store";
    public static final String REFERENCE_VALUES_CREATE = "KBS:reference_values:create";
    public static final String REFERENCE_VALUES_RETRIEVE = "KBS:reference_values:retrieve";

    public static final List<String> ALL = List.of(RESOURCES_CREATE, RESOURCES_DELETE, RESOURCE_POLICY_STORE,
            RESOURCE_POLICY_RETRIEVE, ATTESTATION_POLICY_STORE, REFERENCE_VALUES_CREATE, REFERENCE_VALUES_RETRIEVE);

    private KbsPermissions() {
    }
}

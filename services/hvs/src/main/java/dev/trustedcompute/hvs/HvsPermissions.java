package dev.trustedcompute.hvs;

/**
 * Permissions checked by the host, onboarding, endorsement CA and report endpoints ({@code HVS:resource:action};
 * AAS token rules {@code resource:action} for service {@code HVS}).
 */
public final class HvsPermissions {
    public static final String HOSTS_CREATE = "HVS:hosts:create";
    public static final String HOSTS_SEARCH = "HVS:hosts:search";
    public static final String HOSTS_RETRIEVE = "HVS:hosts:retrieve";
    public static final String HOSTS_STORE = "HVS:hosts:store";
    public static final String HOSTS_DELETE = "HVS:hosts:delete";
    /** Trust agents onboarding their node (challenge request and response). */
    public static final String HOSTS_ONBOARD = "HVS:hosts:onboard";
    /** Administrators releasing a host's AK pin so that another TPM may onboard as that host. */
    public static final String HOSTS_RELEASE_PIN = "HVS:hosts:release_pin";
    public static final String ENDORSEMENT_CAS_CREATE = "HVS:tpm_endorsements:create";
    public static final String ENDORSEMENT_CAS_SEARCH = "HVS:tpm_endorsements:search";
    public static final String ENDORSEMENT_CAS_RETRIEVE = "HVS:tpm_endorsements:retrieve";
    public static final String ENDORSEMENT_CAS_DELETE = "HVS:tpm_endorsements:delete";
    public static final String REPORTS_CREATE = "HVS:reports:create";
    public static final String REPORTS_SEARCH = "HVS:reports:search";
    public static final String REPORTS_RETRIEVE = "HVS:reports:retrieve";

    static final String[] ALL = {HOSTS_CREATE, HOSTS_SEARCH, HOSTS_RETRIEVE, HOSTS_STORE, HOSTS_DELETE, HOSTS_ONBOARD,
            HOSTS_RELEASE_PIN,
            ENDORSEMENT_CAS_CREATE, ENDORSEMENT_CAS_SEARCH, ENDORSEMENT_CAS_RETRIEVE, ENDORSEMENT_CAS_DELETE,
            REPORTS_CREATE, REPORTS_SEARCH, REPORTS_RETRIEVE};

    private HvsPermissions() {
    }
}

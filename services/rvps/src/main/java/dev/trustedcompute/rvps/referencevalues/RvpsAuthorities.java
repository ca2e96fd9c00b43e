package dev.trustedcompute.rvps.referencevalues;

import java.util.List;

/**
 * Every permission RVPS checks: AAS rule {@code reference_values:<action>:*} for service {@code RVPS}. KBS's
 * attestation service needs only {@code query}; operators and CI pipelines {@code create}/{@code delete}.
 */
public final class RvpsAuthorities {

    public static final String CREATE = "RVPS:reference_values:create";
    public static final String SEARCH = "RVPS:reference_values:search";
    public static final String RETRIEVE = "RVPS:reference_values:retrieve";
    public static final String QUERY = "RVPS:reference_values:query";
    public static final String DELETE = "RVPS:reference_values:delete";

    public static final List<String> ALL = List.of(CREATE, SEARCH, RETRIEVE, QUERY, DELETE);

    private RvpsAuthorities() {
    }
}

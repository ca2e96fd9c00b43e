package dev.trustedcompute.kbs.ear;

/** The eight AR4SI trustworthiness claims of an EAR appraisal, by their JSON names. */
public enum TrustClaim {
    INSTANCE_IDENTITY("instance-identity"),
    CONFIGURATION("configuration"),
    EXECUTABLES("executables"),
    FILE_SYSTEM("file-system"),
    HARDWARE("hardware"),
    RUNTIME_OPAQUE("runtime-opaque"),
    STORAGE_OPAQUE("storage-opaque"),
    SOURCED_DATA("sourced-data");

    private final String jsonName;

    TrustClaim(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static TrustClaim fromJsonName(String name) {
        for (TrustClaim claim : values()) {
            if (claim.jsonName.equals(name)) {
                return claim;
            }
        }
        throw new IllegalArgumentException("unknown trustworthiness claim '" + name + "'");
    }
}

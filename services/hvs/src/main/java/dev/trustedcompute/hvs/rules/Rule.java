package dev.trustedcompute.hvs.rules;

/**
 * The rules the flavor engine applies; a fault names the rule that failed. Names follow Intel SecL's
 * {@code rule.*} constants where one exists.
 */
public enum Rule {
    /** The quoted PCR equals the flavor's measurement (SecL {@code PcrMatchesConstant}). */
    PCR_MATCHES_CONSTANT("PcrMatchesConstant"),
    /** The event log replays to the quoted PCR values (SecL {@code PcrEventLogIntegrity}). */
    EVENT_LOG_INTEGRITY("PcrEventLogIntegrity"),
    /** The PCR's verified events equal the flavor's, minus excluded tags (SecL {@code PcrEventLogEquals[Excluding]}). */
    EVENT_LOG_EQUALS("PcrEventLogEquals"),
    /** The PCR's verified events include the flavor's (SecL {@code PcrEventLogIncludes}). */
    EVENT_LOG_INCLUDES("PcrEventLogIncludes"),
    /** Secure Boot is enabled according to the verified PCR7 events. */
    SECURE_BOOT_ENABLED("SecureBootEnabled"),
    /** The flavor's signature by HVS is valid (SecL {@code FlavorTrusted}). */
    FLAVOR_SIGNATURE("FlavorTrusted"),
    /** The match policy requires a flavor of this part and none applies to the host (SecL {@code RequiredFlavorTypeExists}). */
    REQUIRED_FLAVOR_PART("RequiredFlavorTypeExists"),
    /** ALL_OF policy: every flavor of the part must match (SecL {@code AllOfFlavors}). */
    ALL_OF_FLAVORS("AllOfFlavors"),
    /** The host belongs to no flavor group, so nothing can make it trusted. */
    FLAVOR_GROUP_LINKED("FlavorGroupLinked");

    private final String ruleName;

    Rule(String ruleName) {
        this.ruleName = ruleName;
    }

    /** The name written into reports ({@code TrustReportSummary.Fault#rule}). */
    public String ruleName() {
        return ruleName;
    }
}

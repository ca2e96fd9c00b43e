package dev.trustedcompute.hvs.flavor;

import dev.trustedcompute.agentprotocol.HostInfo;
import java.util.Objects;

/**
 * Which hosts a flavor is meant for, from its description (SecL {@code trust_report.go getHostManifestMap}):
 * PLATFORM flavors by BIOS vendor and version, OS flavors by OS name and version, HOST_UNIQUE and ASSET_TAG
 * flavors by hardware UUID (case-insensitive), SOFTWARE flavors everywhere. A description field that is not set
 * does not restrict. A flavor that does not apply is not a candidate at all: when none applies, the part's
 * required-flavor rule fails (a BIOS update needs a new PLATFORM flavor).
 */
public final class FlavorApplicability {

    private FlavorApplicability() {
    }

    public static boolean appliesTo(Flavor flavor, HostInfo host) {
        Flavor.Description d = flavor.meta().description();
        return switch (d.flavorPart()) {
            case PLATFORM -> matches(d.biosName(), host.biosVendor()) && matches(d.biosVersion(), host.biosVersion());
            case OS -> matches(d.osName(), host.osName()) && matches(d.osVersion(), host.osVersion());
            case HOST_UNIQUE, ASSET_TAG -> d.hardwareUuid() != null && d.hardwareUuid().equalsIgnoreCase(host.hardwareUuid());
            case SOFTWARE -> true;
        };
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || Objects.equals(wanted, actual);
    }
}

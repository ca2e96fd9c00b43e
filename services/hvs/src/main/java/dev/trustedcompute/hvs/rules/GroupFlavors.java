package dev.trustedcompute.hvs.rules;

import dev.trustedcompute.hvs.flavor.StoredFlavor;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroup;
import java.util.List;

/**
 * A flavor group of the host with the flavors to judge it by: all of the group's flavors except HOST_UNIQUE and
 * ASSET_TAG ones of other hosts (which never apply).
 */
public record GroupFlavors(FlavorGroup group, List<StoredFlavor> flavors) {
    public GroupFlavors {
        flavors = List.copyOf(flavors);
    }
}

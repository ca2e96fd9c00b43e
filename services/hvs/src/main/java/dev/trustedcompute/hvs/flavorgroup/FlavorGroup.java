package dev.trustedcompute.hvs.flavorgroup;

import dev.trustedcompute.hvs.flavor.FlavorPart;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A named set of flavors with a match policy per part. Parts without a policy are not judged by this group (NA).
 *
 * @param goldenAfterReboot the seed behaviour, off unless asked for: the first evidence after each TPM reset of a
 *                          linked host becomes that host's golden flavors in this group (trust on first use per boot)
 */
public record FlavorGroup(UUID id, String name, Map<FlavorPart, MatchPolicy> policies, boolean goldenAfterReboot) {

    public FlavorGroup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        policies = Map.copyOf(policies);
    }
}

package dev.trustedcompute.attestationmanager.hvs;

import dev.trustedcompute.agentprotocol.HostId;

import java.util.List;
import java.util.Map;

/**
 * Golden flavors for one node: taken by HVS from the node's current evidence, or imported from a supplied
 * flavor collection.
 *
 * @param flavorCollection SecL {@code flavor_collection} to import; null to take the node's current evidence
 */
public record FlavorRequest(HostId host, List<String> partialFlavorTypes, List<String> flavorGroups,
                            Map<String, Object> flavorCollection) {
    public FlavorRequest {
        partialFlavorTypes = List.copyOf(partialFlavorTypes);
        flavorGroups = List.copyOf(flavorGroups);
    }
}

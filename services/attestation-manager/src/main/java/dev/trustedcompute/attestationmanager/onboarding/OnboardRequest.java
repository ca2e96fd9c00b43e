package dev.trustedcompute.attestationmanager.onboarding;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * An explicit request to take a node's golden values.
 *
 * @param kubernetesNode     name of the node's Kubernetes node object (default: the host id, or the name given
 *                           at an earlier onboarding)
 * @param flavorGroups       HVS flavor groups (default {@code tc.am.hvs.flavor-groups})
 * @param partialFlavorTypes flavor parts to create from the node's evidence (default {@code tc.am.hvs.partial-flavor-types})
 * @param flavorCollection   a SecL flavor collection to import instead of taking the node's current evidence
 * @param rebaseline         must be true to replace the golden values of an already onboarded node (default false)
 */
public record OnboardRequest(
        @Schema(example = "edge-node-1") String kubernetesNode,
        @Schema(example = "[\"automatic\"]") List<String> flavorGroups,
        @Schema(example = "[\"PLATFORM\", \"OS\"]") List<String> partialFlavorTypes,
        Map<String, Object> flavorCollection,
        Boolean rebaseline) {

    boolean rebaselining() {
        return Boolean.TRUE.equals(rebaseline);
    }
}

package dev.trustedcompute.hvs.flavorgroup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trustedcompute.hvs.flavor.FlavorError;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Wire shapes of {@code /hvs/v2/flavorgroups} (Intel SecL {@code pkg/model/hvs/flavor_group.go}). */
public final class FlavorGroupDtos {

    private FlavorGroupDtos() {
    }

    @Schema(name = "FlavorGroupCreate")
    public record FlavorGroupCreate(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
            @JsonProperty("flavor_match_policy_collection") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            PolicyCollection policies,
            @JsonProperty("golden_after_reboot") @Schema(description = "the seed behaviour: the first evidence after each"
                    + " TPM reset of a linked host becomes its golden flavors in this group; default false")
            Boolean goldenAfterReboot) {
    }

    /** SecL {@code flavor_match_policy_collection}. */
    @Schema(name = "FlavorMatchPolicyCollection")
    public record PolicyCollection(@JsonProperty("flavor_match_policies") List<PartPolicy> flavorMatchPolicies) {

        public static PolicyCollection of(Map<FlavorPart, MatchPolicy> policies) {
            return new PolicyCollection(new EnumMap<>(policies).entrySet().stream()
                    .map(e -> new PartPolicy(e.getKey(), e.getValue())).toList());
        }

        /** The policies by part; a part given twice or a missing field is a 400. */
        public Map<FlavorPart, MatchPolicy> toMap() {
            Map<FlavorPart, MatchPolicy> out = new EnumMap<>(FlavorPart.class);
            if (flavorMatchPolicies == null) {
                return out;
            }
            for (PartPolicy p : flavorMatchPolicies) {
                if (p == null || p.flavorPart() == null || p.matchPolicy() == null) {
                    throw FlavorError.INVALID_INPUT.exception("flavor_match_policies: each needs flavor_part and match_policy");
                }
                if (out.put(p.flavorPart(), p.matchPolicy()) != null) {
                    throw FlavorError.INVALID_INPUT.exception("flavor_match_policies: " + p.flavorPart() + " given twice");
                }
            }
            return out;
        }
    }

    @Schema(name = "FlavorMatchPolicy")
    public record PartPolicy(@JsonProperty("flavor_part") FlavorPart flavorPart,
                             @JsonProperty("match_policy") MatchPolicy matchPolicy) {
    }

    @Schema(name = "FlavorGroup")
    public record FlavorGroupView(UUID id, String name,
                                  @JsonProperty("golden_after_reboot") boolean goldenAfterReboot,
                                  @JsonProperty("flavor_match_policy_collection") PolicyCollection policies) {
        public static FlavorGroupView of(FlavorGroup group) {
            return new FlavorGroupView(group.id(), group.name(), group.goldenAfterReboot(),
                    PolicyCollection.of(group.policies()));
        }
    }

    @Schema(name = "FlavorGroupCollection")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FlavorGroupPage(List<FlavorGroupView> flavorgroups,
                                  @Schema(description = "afterId of the next page; absent on the last page") UUID next) {
    }

    @Schema(name = "FlavorgroupFlavorLinkCreate")
    public record FlavorLinkCreate(@JsonProperty("flavor_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
                                   UUID flavorId) {
    }

    @Schema(name = "FlavorgroupFlavorLink")
    public record FlavorLink(@JsonProperty("flavorgroup_id") UUID flavorgroupId, @JsonProperty("flavor_id") UUID flavorId) {
    }

    @Schema(name = "FlavorgroupFlavorLinkCollection")
    public record FlavorLinks(@JsonProperty("flavorgroup_flavor_links") List<FlavorLink> links) {
    }
}

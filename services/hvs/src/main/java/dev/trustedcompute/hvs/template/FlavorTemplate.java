package dev.trustedcompute.hvs.template;

import dev.trustedcompute.hvs.flavor.Fields;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trustedcompute.agentprotocol.HostInfo;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A flavor template (SecL {@code flavor_template}): when all its conditions hold for a host, it says which PCRs
 * and events of that host's evidence go into which flavor part.
 * <pre>{@code
 * { "id": "...", "label": "default-linux-uefi",
 *   "condition": [ {"field": "tpm_version", "one_of": ["2.0"]}, ... ],
 *   "flavor_parts": { "PLATFORM": { "pcr_rules": [ {"pcr": {"index": 0, "bank": ["SHA384", "SHA256"]},
 *                                                    "pcr_matches": true, "eventlog_equals": {}} ] } } }
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlavorTemplate(UUID id, String label, List<Condition> condition,
                             @JsonProperty("flavor_parts") Map<FlavorPart, PartRules> flavorParts) {

    public FlavorTemplate {
        condition = Fields.list("condition", condition, List.of());
        flavorParts = Fields.map("flavor_parts", flavorParts);
    }

    /** The rules of one part (SecL {@code flavor_parts.<PART>}). */
    public record PartRules(@JsonProperty("pcr_rules") List<PcrRule> pcrRules) {
        public PartRules {
            pcrRules = Fields.list("pcr_rules", pcrRules, List.of());
        }
    }

    /** Whether every condition holds for {@code host} (a template without conditions applies to every host). */
    public boolean appliesTo(HostInfo host) {
        return condition.stream().allMatch(c -> c.holdsFor(host));
    }

    public FlavorTemplate withId(UUID newId) {
        return new FlavorTemplate(newId, label, condition, flavorParts);
    }
}

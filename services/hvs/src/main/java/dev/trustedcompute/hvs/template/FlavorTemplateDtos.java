package dev.trustedcompute.hvs.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Wire shapes of {@code /hvs/v2/flavor-templates} (Intel SecL {@code FlavorTemplateReq}, {@code flavortemplate.go}). */
public final class FlavorTemplateDtos {

    private FlavorTemplateDtos() {
    }

    /** SecL's request wrapper: the template (its id is assigned by HVS) and the groups it makes flavors for. */
    @Schema(name = "FlavorTemplateCreate")
    public record TemplateCreate(
            @JsonProperty("flavor_template") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) FlavorTemplate template,
            @JsonProperty("flavorgroup_names") List<String> flavorgroupNames) {
    }

    @Schema(name = "FlavorTemplateView")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TemplateView(UUID id, String label, List<Condition> condition,
                               @JsonProperty("flavor_parts") Map<FlavorPart, FlavorTemplate.PartRules> flavorParts,
                               @Schema(description = "deleted templates are listed only with includeDeleted=true")
                               boolean deleted) {
        public static TemplateView of(FlavorTemplateRepository.StoredTemplate stored) {
            FlavorTemplate t = stored.template();
            return new TemplateView(t.id(), t.label(), t.condition(), t.flavorParts(), stored.deleted());
        }
    }

    @Schema(name = "FlavorTemplateCollection")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TemplatePage(@JsonProperty("flavor_templates") List<TemplateView> templates,
                               @Schema(description = "afterId of the next page; absent on the last page") UUID next) {
    }

    @Schema(name = "FlavorTemplateFlavorgroupLinkCreate")
    public record GroupLinkCreate(@JsonProperty("flavorgroup_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
                                  UUID flavorgroupId) {
    }

    @Schema(name = "FlavorTemplateFlavorgroupLink")
    public record GroupLink(@JsonProperty("flavor_template_id") UUID flavorTemplateId,
                            @JsonProperty("flavorgroup_id") UUID flavorgroupId) {
    }

    @Schema(name = "FlavorTemplateFlavorgroupLinkCollection")
    public record GroupLinks(@JsonProperty("flavortemplate_flavorgroup_links") List<GroupLink> links) {
    }
}

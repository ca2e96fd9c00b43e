package dev.trustedcompute.hvs.flavor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A flavor in Intel SecL's shape ({@code pkg/model/hvs/flavor.go}): golden values of one {@link FlavorPart}.
 * <pre>{@code
 * { "meta": { "id": "<uuid>", "vendor": "LINUX",
 *             "description": { "flavor_part": "PLATFORM", "label": "...", "source": "<host name>", ... } },
 *   "bios": { "bios_name": "...", "bios_version": "..." },
 *   "pcrs": [ { "pcr": {"index": 0, "bank": "SHA384"}, "measurement": "<hex>", "pcr_matches": true,
 *               "eventlog_equals": { "events": [...], "exclude_tags": [...] }, "eventlog_includes": [...] } ] }
 * }</pre>
 * Only what HVS verifies is modelled (no SecL {@code hardware}, {@code external}, {@code software} sections).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Flavor(Meta meta, Bios bios, List<FlavorPcr> pcrs) {

    public Flavor {
        Objects.requireNonNull(meta, "meta is required");
        pcrs = Fields.list("pcrs", pcrs, List.of());
    }

    /** The flavor's part (from {@code meta.description.flavor_part}). */
    public FlavorPart part() {
        return meta.description().flavorPart();
    }

    /** The same flavor with another id (ids are assigned by HVS when it stores a flavor). */
    public Flavor withId(UUID id) {
        return new Flavor(new Meta(id, meta.vendor(), meta.description()), bios, pcrs);
    }

    /** SecL {@code meta}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Meta(UUID id, String vendor, Description description) {
        public Meta {
            Objects.requireNonNull(description, "description is required");
        }
    }

    /**
     * SecL {@code meta.description}: what the flavor is for. The host metadata fields decide which hosts a flavor
     * applies to (see {@link FlavorApplicability}); null fields do not restrict.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Description(
            @JsonProperty("flavor_part") FlavorPart flavorPart,
            String label,
            String source,
            @JsonProperty("bios_name") String biosName,
            @JsonProperty("bios_version") String biosVersion,
            @JsonProperty("os_name") String osName,
            @JsonProperty("os_version") String osVersion,
            @JsonProperty("tpm_version") String tpmVersion,
            @JsonProperty("hardware_uuid") String hardwareUuid,
            @JsonProperty("secure_boot_enabled") Boolean secureBootEnabled,
            @JsonProperty("flavor_template_ids") List<UUID> flavorTemplateIds,
            String comment) {
        public Description {
            flavorTemplateIds = Fields.list("flavor_template_ids", flavorTemplateIds, null);
        }
    }

    /** SecL {@code bios} (PLATFORM flavors). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bios(@JsonProperty("bios_name") String biosName, @JsonProperty("bios_version") String biosVersion) {
    }
}

package dev.trustedcompute.hvs.template;

import dev.trustedcompute.hvs.flavor.Fields;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.List;
import java.util.Objects;

/**
 * What a template takes from one PCR into a flavor part (SecL {@code pcr_rules}).
 *
 * @param pcr              the index and the banks in order of preference: the flavor uses the first bank the host
 *                         quoted (and, for event-log rules, its event log carries)
 * @param pcrMatches       copy the PCR value and require it to match
 * @param eventlogEquals   copy the PCR's events and require exactly these, minus events with the excluded tags
 * @param eventlogIncludes copy the PCR's events carrying these tags and require them to be present
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PcrRule(Pcr pcr, @JsonProperty("pcr_matches") boolean pcrMatches,
                      @JsonProperty("eventlog_equals") EventLogEquals eventlogEquals,
                      @JsonProperty("eventlog_includes") List<String> eventlogIncludes) {

    public PcrRule {
        Objects.requireNonNull(pcr, "pcr is required");
        eventlogIncludes = Fields.list("eventlog_includes", eventlogIncludes, null);
    }

    /** SecL {@code {"index": 0, "bank": ["SHA384", "SHA256"]}}. */
    public record Pcr(int index, List<TpmHash> bank) {
        public Pcr {
            bank = Fields.list("bank", bank, List.of());
        }
    }

    /** SecL {@code {"excluding_tags": [...]}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventLogEquals(@JsonProperty("excluding_tags") List<String> excludingTags) {
        public EventLogEquals {
            excludingTags = Fields.list("excluding_tags", excludingTags, null);
        }

        public List<String> excluded() {
            return excludingTags == null ? List.of() : excludingTags;
        }
    }
}

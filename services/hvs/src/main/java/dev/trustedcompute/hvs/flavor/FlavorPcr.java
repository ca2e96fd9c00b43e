package dev.trustedcompute.hvs.flavor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.List;
import java.util.Objects;

/**
 * One PCR of a flavor (SecL {@code FlavorPcrs}): its golden value and which rules apply to it.
 *
 * @param pcr              index and bank
 * @param measurement      the golden PCR value, lower-case hex
 * @param pcrMatches       whether the quoted value must equal {@code measurement} (rule PcrMatchesConstant)
 * @param eventlogEquals   when present, the PCR's verified events must be exactly these (minus excluded tags)
 * @param eventlogIncludes when present, the PCR's verified events must include these
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlavorPcr(Pcr pcr, String measurement, @JsonProperty("pcr_matches") boolean pcrMatches,
                        @JsonProperty("eventlog_equals") EventLogEquals eventlogEquals,
                        @JsonProperty("eventlog_includes") List<EventLogEntry> eventlogIncludes) {

    public FlavorPcr {
        Objects.requireNonNull(pcr, "pcr is required");
        measurement = measurement == null ? null : measurement.toLowerCase(java.util.Locale.ROOT);
        eventlogIncludes = Fields.list("eventlog_includes", eventlogIncludes, null);
    }

    /** Whether an event-log rule applies (and so the event log must replay to this PCR). */
    public boolean hasEventLogRules() {
        return eventlogEquals != null || eventlogIncludes != null;
    }

    /** SecL {@code PCR{index, bank}}. */
    public record Pcr(int index, TpmHash bank) {
        public Pcr {
            Objects.requireNonNull(bank, "bank is required");
        }

        @Override
        public String toString() {
            return "PCR " + index + " (" + bank + ")";
        }
    }

    /**
     * SecL {@code EventLogEquals}.
     *
     * @param events      the expected events, in log order
     * @param excludeTags events carrying any of these tags are left out on both sides
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventLogEquals(List<EventLogEntry> events, @JsonProperty("exclude_tags") List<String> excludeTags) {
        public EventLogEquals {
            events = Fields.list("events", events, List.of());
            excludeTags = Fields.list("exclude_tags", excludeTags, null);
        }

        /** The excluded tags, empty when none. */
        public List<String> excluded() {
            return excludeTags == null ? List.of() : excludeTags;
        }
    }
}

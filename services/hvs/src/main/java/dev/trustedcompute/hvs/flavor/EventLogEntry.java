package dev.trustedcompute.hvs.flavor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One measured event as flavors record it (SecL {@code EventLog}). Events are compared by
 * {@code (type_id, measurement)}, as SecL does; {@code type_name} and {@code tags} describe the event and select it
 * in templates ({@code eventlog_includes}, {@code exclude_tags}) but are not compared.
 *
 * @param typeId      event type as {@code 0x%08x}, e.g. {@code 0x80000008}
 * @param typeName    e.g. {@code EV_EFI_PLATFORM_FIRMWARE_BLOB}
 * @param tags        names taken from the event data (variable name, IPL text, ...), see {@code EventTags}
 * @param measurement the event's digest in the PCR's bank, lower-case hex
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventLogEntry(@JsonProperty("type_id") String typeId, @JsonProperty("type_name") String typeName,
                            List<String> tags, String measurement) {

    public EventLogEntry {
        Objects.requireNonNull(typeId, "type_id is required");
        Objects.requireNonNull(measurement, "measurement is required");
        typeId = typeId.toLowerCase(Locale.ROOT);
        measurement = measurement.toLowerCase(Locale.ROOT);
        tags = Fields.list("tags", tags, List.of());
    }

    /** What two events are compared by. */
    public Key key() {
        return new Key(typeId, measurement);
    }

    /** Whether the event carries any of {@code names}. */
    public boolean taggedWithAny(List<String> names) {
        return tags.stream().anyMatch(names::contains);
    }

    /** The identity of an event for equals/includes. */
    public record Key(String typeId, String measurement) {
    }

    /** "EV_SEPARATOR 0x00000004 [tags] df3f61..." for fault descriptions. */
    public String describe() {
        return (typeName == null ? typeId : typeName + " " + typeId) + (tags.isEmpty() ? "" : " " + tags) + " "
                + measurement;
    }
}

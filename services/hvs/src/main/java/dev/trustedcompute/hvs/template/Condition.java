package dev.trustedcompute.hvs.template;

import dev.trustedcompute.hvs.flavor.Fields;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trustedcompute.agentprotocol.HostInfo;
import java.util.List;

/**
 * One condition of a flavor template on the host's info; exactly one test is set. SecL writes conditions as
 * jsonquery XPath strings over the host manifest; here they are data, validated when the template is stored:
 * <pre>{@code
 * {"field": "tpm_version", "one_of": ["2.0"]}
 * {"field": "os_name", "starts_with": "Ubuntu"}
 * {"field": "secure_boot_enabled", "present": true}      // a UEFI host
 * }</pre>
 * A field the host does not report satisfies only {@code "present": false}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(HostField field, @JsonProperty("one_of") List<String> oneOf,
                        @JsonProperty("starts_with") String startsWith, Boolean present) {

    public Condition {
        oneOf = Fields.list("one_of", oneOf, null);
    }

    public boolean holdsFor(HostInfo host) {
        List<String> values = field.values(host);
        if (present != null) {
            return present != values.isEmpty();
        }
        if (oneOf != null) {
            return values.stream().anyMatch(oneOf::contains);
        }
        return values.stream().anyMatch(v -> v.startsWith(startsWith));
    }

    /** Number of tests set; a valid condition has exactly one. */
    int tests() {
        return (oneOf == null ? 0 : 1) + (startsWith == null ? 0 : 1) + (present == null ? 0 : 1);
    }
}

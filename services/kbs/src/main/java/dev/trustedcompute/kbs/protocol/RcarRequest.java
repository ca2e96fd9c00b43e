package dev.trustedcompute.kbs.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * The RCAR {@code Request} (kbs-types): {@code {"version":"0.4.0","tee":"snp","extra-params":{...}}}. guest-components
 * sends {@code extra-params.supported-hash-algorithms}; KBS always answers with SHA-384, the client's default.
 */
public record RcarRequest(String version, String tee, @JsonProperty("extra-params") JsonNode extraParams) {
}

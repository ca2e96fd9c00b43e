package dev.trustedcompute.hvs.flavorgroup;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** SecL {@code match_policy}: {@code {"match_type": "ANY_OF", "required": "REQUIRED"}}. */
public record MatchPolicy(@JsonProperty("match_type") MatchType matchType, Requirement required) {
    public MatchPolicy {
        Objects.requireNonNull(matchType, "match_type is required");
        Objects.requireNonNull(required, "required is required");
    }
}

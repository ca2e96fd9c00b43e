package dev.trustedcompute.rvps.referencevalues;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** Wire shapes of the reference value API (a contract KBS codes against: change only compatibly). */
public final class ReferenceValueDtos {

    private ReferenceValueDtos() {
    }

    @Schema(name = "RegisteredValue")
    public record RegisteredValue(
            @Schema(example = "svn") String name,
            @Schema(example = "[\"1\"]") List<String> values,
            @Schema(example = "2027-09-01T12:00:00Z") Instant expiration) {

        static RegisteredValue of(ReferenceValue value) {
            return new RegisteredValue(value.name(), value.values(), value.expiration());
        }
    }

    @Schema(name = "Registration", description = "The values the message registered (replacing any of the same name)")
    public record Registration(List<RegisteredValue> registered) {
    }

    @Schema(name = "ReferenceValue")
    public record ReferenceValueView(
            @Schema(example = "launch_digest") String name,
            @Schema(example = "[\"8a6f0e3f...\"]") List<String> values,
            @Schema(example = "2027-09-01T12:00:00Z") Instant expiration,
            Provenance provenance) {

        static ReferenceValueView of(ReferenceValue value) {
            return new ReferenceValueView(value.name(), value.values(), value.expiration(), value.provenance());
        }
    }

    @Schema(name = "ReferenceValuePage")
    public record ReferenceValuePage(
            List<ReferenceValueView> referenceValues,
            @Schema(description = "afterName for the next page; null on the last page", nullable = true,
                    example = "launch_digest") String next) {
    }

    @Schema(name = "ReferenceValueQuery", description = "Names to look up; absent or empty: every unexpired value")
    public record Query(@Schema(example = "[\"svn\",\"launch_digest\"]") List<String> names) {
    }
}

package dev.trustedcompute.rvps.referencevalues;

import dev.trustedcompute.rvps.message.MessageType;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * Where a stored value came from.
 *
 * @param registeredBy subject of the token that registered it
 * @param messageType  {@code sample} or {@code signed-bundle}
 * @param signer       configured id of the bundle signer; null for {@code sample}
 */
@Schema(name = "Provenance")
public record Provenance(
        @Schema(example = "ci-pipeline") String registeredBy,
        @Schema(example = "signed-bundle", allowableValues = {"sample", "signed-bundle"}) String messageType,
        @Schema(example = "vendor-a", nullable = true) String signer,
        @Schema(example = "2026-09-01T12:00:00Z") Instant registeredAt) {

    public static Provenance of(String registeredBy, MessageType type, String signer, Instant registeredAt) {
        return new Provenance(registeredBy, type.wireName(), signer, registeredAt);
    }
}

package dev.trustedcompute.rvps.message;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Trustee's RVPS message ({@code rvps/src/lib.rs}, {@code Message}): as there, a missing {@code version} means
 * {@code 0.1.0} and unknown members are ignored.
 */
@Schema(name = "RvpsMessage", description = "Trustee RVPS message")
public record RvpsMessage(
        @Schema(example = "0.1.0", description = "must be 0.1.0 (default when absent)") String version,
        @Schema(example = "sample", allowableValues = {"sample", "signed-bundle"},
                requiredMode = Schema.RequiredMode.REQUIRED) String type,
        @Schema(description = "sample: base64 (standard, padded) of a JSON object {name: value | [values]}, or that "
                + "JSON object as text; signed-bundle: a compact JWS whose body is the manifest",
                example = "eyJzdm4iOlsiMSJdfQ==", requiredMode = Schema.RequiredMode.REQUIRED) String payload) {

    /** The only message version Trustee (and RVPS) accept. */
    public static final String VERSION = "0.1.0";
}

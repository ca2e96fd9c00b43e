package dev.trustedcompute.hvs.flavor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/** Wire shapes of {@code /hvs/v2/flavors} (Intel SecL {@code pkg/hvs/domain/models/flavor.go}). */
public final class FlavorDtos {

    private FlavorDtos() {
    }

    /**
     * {@code POST /flavors}: exactly one of {@code host_id} (flavors from the host's current evidence, made with the
     * templates of the target groups) and {@code flavor_collection} (flavors from a document; HVS assigns ids and
     * signs them). SecL's {@code signed_flavor_collection} is not accepted: HVS signs every flavor itself.
     */
    @Schema(name = "FlavorCreate")
    public record FlavorCreate(
            @JsonProperty("host_id") @Schema(description = "host whose current evidence becomes golden") UUID hostId,
            @JsonProperty("flavor_collection") FlavorCollection flavorCollection,
            @JsonProperty("flavorgroup_names") @Schema(description = "target groups; default [\"automatic\"]")
            List<String> flavorgroupNames,
            @JsonProperty("partial_flavor_types") @Schema(description = "with host_id: only these parts")
            List<FlavorPart> partialFlavorTypes) {
    }

    @Schema(name = "FlavorCollection")
    public record FlavorCollection(List<FlavorEntry> flavors) {
    }

    @Schema(name = "FlavorEntry")
    public record FlavorEntry(Flavor flavor) {
    }

    /**
     * A flavor with HVS's signature: {@code flavor} is the exact stored JSON, {@code signature} a detached compact
     * JWS over those bytes (ES256, or ES384 when HVS's signing key is a P-384 key made before).
     */
    @Schema(name = "SignedFlavor")
    public record SignedFlavorView(
            @JsonRawValue @Schema(implementation = Flavor.class) String flavor,
            @Schema(description = "detached compact JWS (RFC 7515 appendix F) over the flavor's exact "
                    + "bytes: ES256, or ES384 when HVS's signing key is a P-384 key made before")
            String signature) {
        public static SignedFlavorView of(StoredFlavor stored) {
            return new SignedFlavorView(stored.content(), stored.signature());
        }
    }

    @Schema(name = "SignedFlavorCollection")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SignedFlavorPage(
            @JsonProperty("signed_flavors") List<SignedFlavorView> signedFlavors,
            @Schema(description = "afterId of the next page; absent on the last page") UUID next) {
    }
}

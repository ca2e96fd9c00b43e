package dev.trustedcompute.hvs.flavor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A flavor as stored: its exact signed JSON and HVS's signature. Nothing in {@code content} may be used before
 * {@link #verifiedWith} has checked the signature; {@code part} and {@code createdAt} are database columns that only
 * route the flavor to its part and order it for LATEST.
 */
public record StoredFlavor(UUID id, FlavorPart part, Instant createdAt, String content, String signature) {

    public StoredFlavor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(content, "content");
    }

    /**
     * The flavor, when the signature is valid over the stored bytes and they parse into a flavor whose id and part
     * are this row's; otherwise an {@link InvalidFlavorException} saying which check failed.
     */
    public Flavor verifiedWith(FlavorSigningKey key) {
        if (!key.verify(content.getBytes(StandardCharsets.UTF_8), signature)) {
            throw new InvalidFlavorException("the signature does not verify over the stored flavor");
        }
        Flavor flavor;
        try {
            flavor = StrictJson.read(content, Flavor.class);
        } catch (StrictJson.MalformedJsonException e) {
            throw new InvalidFlavorException("the signed flavor does not parse: " + e.getMessage());
        }
        if (!id.equals(flavor.meta().id()) || flavor.part() != part) {
            throw new InvalidFlavorException("the signed flavor is " + flavor.meta().id() + "/" + flavor.part()
                    + " but is stored as " + id + "/" + part);
        }
        return flavor;
    }
}

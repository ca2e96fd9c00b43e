package dev.trustedcompute.hvs.flavor;

import dev.trustedcompute.hvs.flavor.FlavorDtos.FlavorCreate;
import dev.trustedcompute.hvs.flavor.FlavorDtos.FlavorEntry;
import dev.trustedcompute.hvs.flavor.FlavorDtos.SignedFlavorPage;
import dev.trustedcompute.hvs.flavor.FlavorDtos.SignedFlavorView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Flavors: create (from a host or a document), search, read, delete. Converts and delegates to {@link FlavorService}. */
@RestController
@RequestMapping(path = "/hvs/v2/flavors", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "flavors", description = "Signed golden measurements per flavor part")
public class FlavorsController {

    static final int MAX_LIMIT = 1000;
    private static final Pattern KEY = Pattern.compile("[a-z_]{1,64}");

    private final FlavorService flavors;

    public FlavorsController(FlavorService flavors) {
        this.flavors = flavors;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + FlavorPermissions.FLAVORS_CREATE + "')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create flavors from a host's current evidence (host_id) or import a flavor collection")
    public SignedFlavorPage createFlavors(@RequestBody FlavorCreate body) {
        if ((body.hostId() == null) == (body.flavorCollection() == null)) {
            throw FlavorError.INVALID_INPUT.exception("give exactly one of host_id and flavor_collection");
        }
        List<StoredFlavor> created;
        if (body.partialFlavorTypes() != null && body.partialFlavorTypes().contains(null)) {
            throw FlavorError.INVALID_INPUT.exception("partial_flavor_types: must not hold null");
        }
        if (body.hostId() != null) {
            Set<FlavorPart> parts = body.partialFlavorTypes() == null || body.partialFlavorTypes().isEmpty()
                    ? Set.of() : EnumSet.copyOf(body.partialFlavorTypes());
            created = flavors.createFromHost(body.hostId(), body.flavorgroupNames(), parts);
        } else {
            if (body.partialFlavorTypes() != null) {
                throw FlavorError.INVALID_INPUT.exception("partial_flavor_types: only with host_id");
            }
            List<FlavorEntry> entries = body.flavorCollection().flavors();
            created = flavors.importFlavors(entries == null ? null
                    : entries.stream().map(e -> e == null ? null : e.flavor()).toList(), body.flavorgroupNames());
        }
        return new SignedFlavorPage(created.stream().map(SignedFlavorView::of).toList(), null);
    }

    @GetMapping
    @PreAuthorize("hasAuthority('" + FlavorPermissions.FLAVORS_SEARCH + "')")
    @Operation(summary = "Search flavors, oldest first; key/value match a meta.description field; page with limit and afterId")
    public SignedFlavorPage searchFlavors(@RequestParam(required = false) UUID id,
                                   @RequestParam(required = false) UUID flavorgroupId,
                                   @RequestParam(required = false) List<FlavorPart> flavorParts,
                                   @RequestParam(required = false) String key,
                                   @RequestParam(required = false) String value,
                                   @RequestParam(defaultValue = "100") int limit,
                                   @RequestParam(required = false) UUID afterId) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw FlavorError.INVALID_INPUT.exception("limit: 1.." + MAX_LIMIT);
        }
        if ((key == null) != (value == null)) {
            throw FlavorError.INVALID_INPUT.exception("key and value go together");
        }
        if (key != null && (!KEY.matcher(key).matches() || value.indexOf('\u0000') >= 0)) {
            throw FlavorError.INVALID_INPUT.exception("key: a meta.description field name ([a-z_]{1,64}); value: no NUL");
        }
        if (flavorParts != null && flavorParts.contains(null)) {
            throw FlavorError.INVALID_INPUT.exception("flavorParts: must name flavor parts");
        }
        List<StoredFlavor> page = flavors.search(new FlavorRepository.Filter(id, flavorgroupId,
                flavorParts == null ? Set.of() : Set.copyOf(flavorParts), key, value, limit, afterId));
        return new SignedFlavorPage(page.stream().map(SignedFlavorView::of).toList(),
                page.size() == limit ? page.getLast().id() : null);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('" + FlavorPermissions.FLAVORS_RETRIEVE + "')")
    @Operation(summary = "A flavor with its signature")
    public SignedFlavorView getFlavor(@PathVariable UUID id) {
        return SignedFlavorView.of(flavors.get(id));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAuthority('" + FlavorPermissions.FLAVORS_DELETE + "')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a flavor; the hosts of its flavor groups are re-verified")
    public void deleteFlavor(@PathVariable UUID id) {
        flavors.delete(id);
    }
}

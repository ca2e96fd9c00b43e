package dev.trustedcompute.hvs.flavorgroup;

import dev.trustedcompute.hvs.flavor.FlavorError;
import dev.trustedcompute.hvs.flavor.FlavorPermissions;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroupDtos.FlavorGroupCreate;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroupDtos.FlavorGroupPage;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroupDtos.FlavorGroupView;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroupDtos.FlavorLink;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroupDtos.FlavorLinkCreate;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroupDtos.FlavorLinks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

/** Flavor groups and their flavors. Converts and delegates to {@link FlavorGroupService}. */
@RestController
@RequestMapping(path = "/hvs/v2/flavorgroups", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "flavorgroups", description = "Sets of flavors with a match policy per flavor part")
public class FlavorGroupsController {

    static final int MAX_LIMIT = 1000;

    private final FlavorGroupService groups;

    public FlavorGroupsController(FlavorGroupService groups) {
        this.groups = groups;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + FlavorPermissions.FLAVORGROUPS_CREATE + "')")
    @Operation(summary = "Create a flavor group")
    public ResponseEntity<FlavorGroupView> createFlavorGroup(@RequestBody FlavorGroupCreate body) {
        FlavorGroup group = groups.create(body.name(), body.policies() == null ? null : body.policies().toMap(),
                Boolean.TRUE.equals(body.goldenAfterReboot()));
        return ResponseEntity.created(URI.create("/hvs/v2/flavorgroups/" + group.id())).body(FlavorGroupView.of(group));
    }

    @GetMapping
    @PreAuthorize("hasAuthority('" + FlavorPermissions.FLAVORGROUPS_SEARCH + "')")
    @Operation(summary = "Search flavor groups, oldest first; page with limit and afterId")
    public FlavorGroupPage searchFlavorGroups(@RequestParam(required = false) UUID id,
                                  @RequestParam(required = false) String nameEqualTo,
                                  @RequestParam(required = false) String nameContains,
                                  @RequestParam(defaultValue = "100") int limit,
                                  @RequestParam(required = false) UUID afterId) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw FlavorError.INVALID_INPUT.exception("limit: 1.." + MAX_LIMIT);
        }
        for (String text : new String[]{nameEqualTo, nameContains}) {
            if (text != null && text.indexOf('\u0000') >= 0) {
                throw FlavorError.INVALID_INPUT.exception("nameEqualTo, nameContains: must not contain NUL characters");
            }
        }
        List<FlavorGroup> page = groups.search(new FlavorGroupRepository.Filter(id, nameEqualTo, nameContains, limit,
                afterId));
        return new FlavorGroupPage(page.stream().map(FlavorGroupView::of).toList(),
                page.size() == limit ? page.getLast().id() : null);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('" + FlavorPermissions.FLAVORGROUPS_RETRIEVE + "')")
    @Operation(summary = "A flavor group")
    public FlavorGroupView getFlavorGroup(@PathVariable UUID id) {
        return FlavorGroupView.of(groups.get(id));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAuthority('" + FlavorPermissions.FLAVORGROUPS_DELETE + "')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a flavor group (not 'automatic'); its hosts are re-verified without it")
    public void deleteFlavorGroup(@PathVariable UUID id) {
        groups.delete(id);
    }

    @PostMapping(path = "/{id}/flavors", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + FlavorPermissions.FLAVORGROUPS_CREATE + "')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a flavor to the group; its hosts are re-verified")
    public FlavorLink addGroupFlavor(@PathVariable UUID id, @RequestBody FlavorLinkCreate body) {
        if (body.flavorId() == null) {
            throw FlavorError.INVALID_INPUT.exception("flavor_id: is required");
        }
        groups.linkFlavor(id, body.flavorId());
        return new FlavorLink(id, body.flavorId());
    }

    @GetMapping("/{id}/flavors")
    @PreAuthorize("hasAuthority('" + FlavorPermissions.FLAVORGROUPS_SEARCH + "')")
    @Operation(summary = "The flavors of the group")
    public FlavorLinks listGroupFlavors(@PathVariable UUID id) {
        return new FlavorLinks(groups.flavorIds(id).stream().map(f -> new FlavorLink(id, f)).toList());
    }

    @GetMapping("/{id}/flavors/{flavorId}")
    @PreAuthorize("hasAuthority('" + FlavorPermissions.FLAVORGROUPS_RETRIEVE + "')")
    @Operation(summary = "One flavor link of the group (404 when the flavor is not in it)")
    public FlavorLink getGroupFlavor(@PathVariable UUID id, @PathVariable UUID flavorId) {
        groups.requireLink(id, flavorId);
        return new FlavorLink(id, flavorId);
    }

    @DeleteMapping("/{id}/flavors/{flavorId}")
    @PreAuthorize("hasAuthority('" + FlavorPermissions.FLAVORGROUPS_DELETE + "')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a flavor from the group (the flavor stays); its hosts are re-verified")
    public void removeGroupFlavor(@PathVariable UUID id, @PathVariable UUID flavorId) {
        groups.unlinkFlavor(id, flavorId);
    }
}

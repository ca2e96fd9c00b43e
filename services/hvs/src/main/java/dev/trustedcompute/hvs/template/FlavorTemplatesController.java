package dev.trustedcompute.hvs.template;

import dev.trustedcompute.hvs.flavor.FlavorError;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.flavor.FlavorPermissions;
import dev.trustedcompute.hvs.template.FlavorTemplateDtos.GroupLink;
import dev.trustedcompute.hvs.template.FlavorTemplateDtos.GroupLinkCreate;
import dev.trustedcompute.hvs.template.FlavorTemplateDtos.GroupLinks;
import dev.trustedcompute.hvs.template.FlavorTemplateDtos.TemplateCreate;
import dev.trustedcompute.hvs.template.FlavorTemplateDtos.TemplatePage;
import dev.trustedcompute.hvs.template.FlavorTemplateDtos.TemplateView;
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

/** Flavor templates and the groups they make flavors for. Converts and delegates to {@link FlavorTemplateService}. */
@RestController
@RequestMapping(path = "/hvs/v2/flavor-templates", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "flavor-templates", description = "Which PCRs and events of a host go into which flavor part")
public class FlavorTemplatesController {

    static final int MAX_LIMIT = 1000;

    private final FlavorTemplateService templates;

    public FlavorTemplatesController(FlavorTemplateService templates) {
        this.templates = templates;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + FlavorPermissions.TEMPLATES_CREATE + "')")
    @Operation(summary = "Create a flavor template, optionally for named flavor groups")
    public ResponseEntity<TemplateView> createFlavorTemplate(@RequestBody TemplateCreate body) {
        FlavorTemplate created = templates.create(body.template(), body.flavorgroupNames());
        return ResponseEntity.created(URI.create("/hvs/v2/flavor-templates/" + created.id()))
                .body(TemplateView.of(new FlavorTemplateRepository.StoredTemplate(created, false)));
    }

    @GetMapping
    @PreAuthorize("hasAuthority('" + FlavorPermissions.TEMPLATES_SEARCH + "')")
    @Operation(summary = "Search flavor templates, oldest first; page with limit and afterId")
    public TemplatePage searchFlavorTemplates(@RequestParam(required = false) UUID id,
                               @RequestParam(required = false) String label,
                               @RequestParam(required = false) FlavorPart flavorPart,
                               @RequestParam(defaultValue = "false") boolean includeDeleted,
                               @RequestParam(defaultValue = "100") int limit,
                               @RequestParam(required = false) UUID afterId) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw FlavorError.INVALID_INPUT.exception("limit: 1.." + MAX_LIMIT);
        }
        if (label != null && label.indexOf('\u0000') >= 0) {
            throw FlavorError.INVALID_INPUT.exception("label: must not contain NUL characters");
        }
        List<FlavorTemplateRepository.StoredTemplate> page = templates.search(new FlavorTemplateRepository.Filter(id,
                label, flavorPart, includeDeleted, limit, afterId));
        return new TemplatePage(page.stream().map(TemplateView::of).toList(),
                page.size() == limit ? page.getLast().template().id() : null);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('" + FlavorPermissions.TEMPLATES_RETRIEVE + "')")
    @Operation(summary = "A flavor template (also when deleted)")
    public TemplateView getFlavorTemplate(@PathVariable UUID id) {
        return TemplateView.of(templates.get(id));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAuthority('" + FlavorPermissions.TEMPLATES_DELETE + "')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a flavor template (soft: flavors keep naming it)")
    public void deleteFlavorTemplate(@PathVariable UUID id) {
        templates.delete(id);
    }

    @PostMapping(path = "/{id}/flavorgroups", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + FlavorPermissions.TEMPLATES_CREATE + "')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Make flavors for a flavor group with this template")
    public GroupLink addTemplateGroup(@PathVariable UUID id, @RequestBody GroupLinkCreate body) {
        if (body.flavorgroupId() == null) {
            throw FlavorError.INVALID_INPUT.exception("flavorgroup_id: is required");
        }
        templates.linkGroup(id, body.flavorgroupId());
        return new GroupLink(id, body.flavorgroupId());
    }

    @GetMapping("/{id}/flavorgroups")
    @PreAuthorize("hasAuthority('" + FlavorPermissions.TEMPLATES_SEARCH + "')")
    @Operation(summary = "The flavor groups this template makes flavors for")
    public GroupLinks listTemplateGroups(@PathVariable UUID id) {
        return new GroupLinks(templates.groupIds(id).stream().map(g -> new GroupLink(id, g)).toList());
    }

    @GetMapping("/{id}/flavorgroups/{groupId}")
    @PreAuthorize("hasAuthority('" + FlavorPermissions.TEMPLATES_RETRIEVE + "')")
    @Operation(summary = "One group link of the template (404 when not linked)")
    public GroupLink getTemplateGroup(@PathVariable UUID id, @PathVariable UUID groupId) {
        templates.requireLink(id, groupId);
        return new GroupLink(id, groupId);
    }

    @DeleteMapping("/{id}/flavorgroups/{groupId}")
    @PreAuthorize("hasAuthority('" + FlavorPermissions.TEMPLATES_DELETE + "')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Stop making flavors for a flavor group with this template")
    public void removeTemplateGroup(@PathVariable UUID id, @PathVariable UUID groupId) {
        templates.unlinkGroup(id, groupId);
    }
}

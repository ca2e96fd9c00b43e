package dev.trustedcompute.aas.roles;

import dev.trustedcompute.aas.permissions.AasAuthorities;
import dev.trustedcompute.aas.roles.RoleDtos.RoleCreate;
import dev.trustedcompute.aas.roles.RoleDtos.RoleView;
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

@RestController
@RequestMapping(path = "/aas/v1/roles", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "roles", description = "Roles: (service, name, context) with permission rules")
public class RolesController {

    private final RoleService roles;

    public RolesController(RoleService roles) {
        this.roles = roles;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + AasAuthorities.ROLES_CREATE + "')")
    @Operation(summary = "Create a role")
    public ResponseEntity<RoleView> create(@RequestBody RoleCreate body) {
        Role role = roles.create(body.service(), body.name(), body.context(), body.permissions());
        return ResponseEntity.created(URI.create("/aas/v1/roles/" + role.id())).body(RoleView.of(role));
    }

    @GetMapping
    @PreAuthorize("hasAuthority('" + AasAuthorities.ROLES_SEARCH + "')")
    @Operation(summary = "Search roles (exact filters; contextContains is a substring match)")
    public List<RoleView> search(@RequestParam(required = false) String service,
                                 @RequestParam(required = false) String name,
                                 @RequestParam(required = false) String context,
                                 @RequestParam(required = false) String contextContains) {
        return roles.search(service, name, context, contextContains).stream().map(RoleView::of).toList();
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('" + AasAuthorities.ROLES_RETRIEVE + "')")
    @Operation(summary = "Get a role")
    public RoleView get(@PathVariable UUID id) {
        return RoleView.of(roles.get(id));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAuthority('" + AasAuthorities.ROLES_DELETE + "')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a role that no user holds")
    public void delete(@PathVariable UUID id) {
        roles.delete(id);
    }
}

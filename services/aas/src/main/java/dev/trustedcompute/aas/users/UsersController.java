package dev.trustedcompute.aas.users;

import dev.trustedcompute.aas.permissions.AasAuthorities;
import dev.trustedcompute.aas.roles.RoleDtos.RoleView;
import dev.trustedcompute.aas.users.UserDtos.PasswordChange;
import dev.trustedcompute.aas.users.UserDtos.PermissionView;
import dev.trustedcompute.aas.users.UserDtos.RoleIds;
import dev.trustedcompute.aas.users.UserDtos.UserCreate;
import dev.trustedcompute.aas.users.UserDtos.UserUpdate;
import dev.trustedcompute.aas.users.UserDtos.UserView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Users, their roles and permissions. Logic-free: converts and delegates to {@link UserService}. */
@RestController
@RequestMapping(path = "/aas/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "users", description = "Users, role assignments and effective permissions")
public class UsersController {

    private final UserService users;

    public UsersController(UserService users) {
        this.users = users;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + AasAuthorities.USERS_CREATE + "')")
    @Operation(summary = "Create a user")
    public ResponseEntity<UserView> create(@RequestBody UserCreate body) {
        User user = users.create(body.username(), body.password());
        return ResponseEntity.created(URI.create("/aas/v1/users/" + user.id())).body(UserView.of(user));
    }

    @GetMapping
    @PreAuthorize("hasAuthority('" + AasAuthorities.USERS_SEARCH + "')")
    @Operation(summary = "Search users by exact name or name substring")
    public List<UserView> search(@RequestParam(required = false) String name,
                                 @RequestParam(required = false) String nameContains) {
        return users.search(name, nameContains).stream().map(UserView::of).toList();
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('" + AasAuthorities.USERS_RETRIEVE + "')")
    @Operation(summary = "Get a user")
    public UserView get(@PathVariable UUID id) {
        return UserView.of(users.get(id));
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + AasAuthorities.USERS_STORE + "')")
    @Operation(summary = "Change a user's name and/or password (administrative)")
    public UserView update(@PathVariable UUID id, @RequestBody UserUpdate body) {
        return UserView.of(users.update(id, body.username(), body.password()));
    }

    @PatchMapping(path = "/{id}/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Change a password: your own (with current_password), or anyone's with AAS:users:store")
    public void changePassword(@PathVariable UUID id, @RequestBody PasswordChange body, Authentication caller) {
        boolean mayStore = caller.getAuthorities().stream()
                .anyMatch(a -> AasAuthorities.USERS_STORE.equals(a.getAuthority()));
        users.changePassword(id, caller.getName(), mayStore, body.currentPassword(), body.newPassword());
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAuthority('" + AasAuthorities.USERS_DELETE + "')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a user")
    public void delete(@PathVariable UUID id) {
        users.delete(id);
    }

    @PostMapping(path = "/{id}/roles", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + AasAuthorities.USER_ROLES_CREATE + "')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Assign roles to a user (all or none); returns the user's roles")
    public List<RoleView> assignRoles(@PathVariable UUID id, @RequestBody RoleIds body) {
        return users.assignRoles(id, body.roleIds()).stream().map(RoleView::of).toList();
    }

    @GetMapping("/{id}/roles")
    @PreAuthorize("hasAuthority('" + AasAuthorities.USER_ROLES_SEARCH + "')")
    @Operation(summary = "A user's roles")
    public List<RoleView> roles(@PathVariable UUID id, @RequestParam(required = false) String service,
                                @RequestParam(required = false) String name) {
        return users.rolesOf(id, service, name).stream().map(RoleView::of).toList();
    }

    @GetMapping("/{id}/roles/{roleId}")
    @PreAuthorize("hasAuthority('" + AasAuthorities.USER_ROLES_RETRIEVE + "')")
    @Operation(summary = "One role of a user (404 when not assigned)")
    public RoleView role(@PathVariable UUID id, @PathVariable UUID roleId) {
        return RoleView.of(users.roleOf(id, roleId));
    }

    @DeleteMapping("/{id}/roles/{roleId}")
    @PreAuthorize("hasAuthority('" + AasAuthorities.USER_ROLES_DELETE + "')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a role from a user")
    public void unassignRole(@PathVariable UUID id, @PathVariable UUID roleId) {
        users.unassignRole(id, roleId);
    }

    @GetMapping("/{id}/permissions")
    @PreAuthorize("hasAuthority('" + AasAuthorities.USER_ROLES_SEARCH + "')")
    @Operation(summary = "A user's permission rules, grouped by service (as in the token)")
    public List<PermissionView> permissions(@PathVariable UUID id) {
        return users.permissionsOf(id).stream().map(p -> new PermissionView(p.service(), p.rules())).toList();
    }
}

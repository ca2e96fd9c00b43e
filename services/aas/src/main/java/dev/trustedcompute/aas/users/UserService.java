package dev.trustedcompute.aas.users;

import dev.trustedcompute.aas.InvalidInputException;
import dev.trustedcompute.aas.bootstrap.AdministratorRoles;
import dev.trustedcompute.aas.error.AasError;
import dev.trustedcompute.aas.error.Filters;
import dev.trustedcompute.aas.password.Argon2idHasher;
import dev.trustedcompute.aas.password.PasswordPolicy;
import dev.trustedcompute.aas.permissions.Permission;
import dev.trustedcompute.aas.roles.Role;
import dev.trustedcompute.aas.roles.RoleRepository;
import dev.trustedcompute.servicekit.error.ServiceException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users, their roles and effective permissions. Every public method is one transaction: a rejected request
 * writes nothing. Passwords are hashed here and never leave this class (not in results, logs or errors).
 */
@Service
public class UserService {

    /** Most role ids accepted in one assignment request. */
    static final int MAX_ROLE_IDS = 100;

    private final UserRepository users;
    private final RoleRepository roles;
    private final Argon2idHasher hasher;
    private final Clock clock;

    public UserService(UserRepository users, RoleRepository roles, Argon2idHasher hasher, Clock clock) {
        this.users = users;
        this.roles = roles;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Transactional
    public User create(String username, String password) {
        try {
            Usernames.check("username", username);
            PasswordPolicy.check("password", password);
        } catch (InvalidInputException e) {
            throw AasError.invalid(e);
        }
        if (users.credentials(username).isPresent()) {
            throw duplicate(username);
        }
        try {
            return users.insert(UUID.randomUUID(), username, hasher.hash(password), clock.instant());
        } catch (DuplicateKeyException raced) {
            throw duplicate(username);
        }
    }

    @Transactional(readOnly = true)
    public List<User> search(String name, String nameContains) {
        return users.search(Filters.text("name", name), Filters.text("nameContains", nameContains));
    }

    @Transactional(readOnly = true)
    public User get(UUID id) {
        return users.findById(id).orElseThrow(() -> notFound(id));
    }

    /** Administrative update (permission users:store): new user name and/or password; at least one is required. */
    @Transactional
    public User update(UUID id, String username, String password) {
        if (username == null && password == null) {
            throw AasError.INVALID_INPUT.exception("nothing to change: give username and/or password");
        }
        try {
            if (username != null) {
                Usernames.check("username", username);
            }
            if (password != null) {
                PasswordPolicy.check("password", password);
            }
        } catch (InvalidInputException e) {
            throw AasError.invalid(e);
        }
        User user = users.lock(id).orElseThrow(() -> notFound(id));
        if (username != null && !username.equals(user.username())) {
            if (users.credentials(username).isPresent()) {
                throw duplicate(username);
            }
            try {
                users.updateUsername(id, username, clock.instant());
            } catch (DuplicateKeyException raced) {
                throw duplicate(username);
            }
            user = new User(id, username);
        }
        if (password != null) {
            users.updatePasswordHash(id, hasher.hash(password), clock.instant());
        }
        return user;
    }

    /**
     * Password change. A user changing their own password must give the current one; a caller with
     * {@code AAS:users:store} may reset anyone's without it.
     */
    @Transactional
    public void changePassword(UUID id, String callerName, boolean callerMayStore, String currentPassword,
                               String newPassword) {
        try {
            PasswordPolicy.check("new_password", newPassword);
        } catch (InvalidInputException e) {
            throw AasError.invalid(e);
        }
        UserRepository.Credentials credentials = users.credentials(id).orElseThrow(() -> notFound(id));
        users.lock(id);
        boolean self = credentials.user().username().equals(callerName);
        if (self) {
            if (currentPassword == null || currentPassword.isEmpty()) {
                throw AasError.INVALID_INPUT.exception("current_password: is required to change your own password");
            }
            if (!hasher.verify(currentPassword, credentials.passwordHash())) {
                throw AasError.INVALID_CREDENTIALS.exception("current_password does not match");
            }
        } else if (!callerMayStore) {
            throw new ServiceException(dev.trustedcompute.servicekit.error.CommonError.FORBIDDEN,
                    "changing another user's password needs the permission " + "AAS:users:store");
        }
        users.updatePasswordHash(id, hasher.hash(newPassword), clock.instant());
    }

    @Transactional
    public void delete(UUID id) {
        User user = users.lock(id).orElseThrow(() -> notFound(id));
        administratorRole().ifPresent(admin -> {
            boolean holds = roles.rolesOfUser(id).stream().anyMatch(r -> r.id().equals(admin.id()));
            if (holds && roles.countHoldersExcept(admin.id(), id) == 0) {
                throw AasError.LAST_ADMINISTRATOR.exception("user '" + user.username()
                        + "' is the last holder of the AAS Administrator role and cannot be deleted");
            }
        });
        users.delete(id);
    }

    @Transactional
    public List<Role> assignRoles(UUID userId, List<UUID> roleIds) {
        if (roleIds == null || roleIds.isEmpty()) {
            throw AasError.INVALID_INPUT.exception("role_ids: give at least one role id");
        }
        if (roleIds.size() > MAX_ROLE_IDS) {
            throw AasError.INVALID_INPUT.exception("role_ids: at most " + MAX_ROLE_IDS + " ids per request");
        }
        if (roleIds.contains(null)) {
            throw AasError.INVALID_INPUT.exception("role_ids: must not contain null");
        }
        users.lock(userId).orElseThrow(() -> notFound(userId));
        var unique = new LinkedHashSet<>(roleIds);
        for (UUID roleId : unique) {
            if (roles.findById(roleId).isEmpty()) {
                throw AasError.ROLE_NOT_FOUND.exception("no role with id " + roleId + "; no role was assigned");
            }
        }
        roles.assign(userId, unique);
        return roles.rolesOfUser(userId);
    }

    @Transactional(readOnly = true)
    public List<Role> rolesOf(UUID userId, String service, String name) {
        get(userId);
        return roles.rolesOfUser(userId).stream()
                .filter(r -> service == null || r.service().equals(service))
                .filter(r -> name == null || r.name().equals(name))
                .toList();
    }

    @Transactional(readOnly = true)
    public Role roleOf(UUID userId, UUID roleId) {
        get(userId);
        return roles.rolesOfUser(userId).stream().filter(r -> r.id().equals(roleId)).findFirst()
                .orElseThrow(() -> AasError.ROLE_NOT_ASSIGNED.exception(
                        "role " + roleId + " is not assigned to user " + userId));
    }

    @Transactional
    public void unassignRole(UUID userId, UUID roleId) {
        User user = users.lock(userId).orElseThrow(() -> notFound(userId));
        Optional<Role> admin = administratorRole();
        if (admin.isPresent() && admin.get().id().equals(roleId) && roles.countHoldersExcept(roleId, userId) == 0
                && roles.rolesOfUser(userId).stream().anyMatch(r -> r.id().equals(roleId))) {
            throw AasError.LAST_ADMINISTRATOR.exception("user '" + user.username()
                    + "' is the last holder of the AAS Administrator role; assign it to another user first");
        }
        if (!roles.unassign(userId, roleId)) {
            throw AasError.ROLE_NOT_ASSIGNED.exception("role " + roleId + " is not assigned to user " + userId);
        }
    }

    /** The user's rules of all roles, grouped by service (the token's {@code permissions} claim). */
    @Transactional(readOnly = true)
    public List<Permission> permissionsOf(UUID userId) {
        get(userId);
        return permissions(roles.rolesOfUser(userId));
    }

    public static List<Permission> permissions(List<Role> roles) {
        return Permission.group(roles.stream().map(r -> new Permission.Grant(r.service(), r.rules())).toList());
    }

    private Optional<Role> administratorRole() {
        return roles.findByKey(AdministratorRoles.AAS_ADMINISTRATOR.service(),
                AdministratorRoles.AAS_ADMINISTRATOR.name(), null);
    }

    static ServiceException notFound(UUID id) {
        return AasError.USER_NOT_FOUND.exception("no user with id " + id);
    }

    private static ServiceException duplicate(String username) {
        return AasError.USER_EXISTS.exception("a user named '" + username + "' already exists");
    }
}

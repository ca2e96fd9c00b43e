package dev.trustedcompute.aas.roles;

import dev.trustedcompute.aas.InvalidInputException;
import dev.trustedcompute.aas.error.AasError;
import dev.trustedcompute.aas.error.Filters;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Role CRUD. Each method is one transaction: a failure leaves nothing written. */
@Service
public class RoleService {

    private final RoleRepository roles;
    private final Clock clock;

    public RoleService(RoleRepository roles, Clock clock) {
        this.roles = roles;
        this.clock = clock;
    }

    @Transactional
    public Role create(String service, String name, String context, List<String> rules) {
        RoleSpec spec;
        try {
            spec = RoleSpec.parse(service, name, context, rules);
        } catch (InvalidInputException e) {
            throw AasError.invalid(e);
        }
        if (roles.findByKey(spec.service(), spec.name(), spec.context()).isPresent()) {
            throw duplicate(spec);
        }
        try {
            return roles.insert(UUID.randomUUID(), spec, false, clock.instant());
        } catch (DuplicateKeyException raced) {
            throw duplicate(spec);
        }
    }

    @Transactional(readOnly = true)
    public List<Role> search(String service, String name, String context, String contextContains) {
        return roles.search(Filters.text("service", service), Filters.text("name", name),
                Filters.text("context", context), Filters.text("contextContains", contextContains));
    }

    @Transactional(readOnly = true)
    public Role get(UUID id) {
        return roles.findById(id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public void delete(UUID id) {
        Role role = get(id);
        if (role.builtIn()) {
            throw AasError.BUILT_IN_ROLE.exception("role " + id + " (" + role.service() + ":" + role.name()
                    + ") is built in and cannot be deleted");
        }
        int holders = roles.countAssignments(id);
        if (holders > 0) {
            throw AasError.ROLE_IN_USE.exception("role " + id + " is assigned to " + holders
                    + " user(s); remove it from them first (DELETE /aas/v1/users/{id}/roles/" + id + ")");
        }
        roles.delete(id);
    }

    static dev.trustedcompute.servicekit.error.ServiceException notFound(UUID id) {
        return AasError.ROLE_NOT_FOUND.exception("no role with id " + id);
    }

    private static dev.trustedcompute.servicekit.error.ServiceException duplicate(RoleSpec spec) {
        return AasError.ROLE_EXISTS.exception("a role with service '" + spec.service() + "', name '" + spec.name()
                + "' and context '" + (spec.context() == null ? "" : spec.context()) + "' already exists");
    }
}

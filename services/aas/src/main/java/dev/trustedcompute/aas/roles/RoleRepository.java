package dev.trustedcompute.aas.roles;

import dev.trustedcompute.aas.permissions.PermissionRule;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Roles, their rules and user-role links. Null context is stored as '' (see V1 migration). */
@Repository
public class RoleRepository {

    private final JdbcClient jdbc;

    public RoleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts; a duplicate (service, name, context) raises {@code DuplicateKeyException}. */
    public Role insert(UUID id, RoleSpec spec, boolean builtIn, Instant now) {
        jdbc.sql("INSERT INTO roles (id, service, name, context, built_in, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, spec.service(), spec.name(), spec.context() == null ? "" : spec.context(), builtIn,
                        Timestamp.from(now))
                .update();
        for (int i = 0; i < spec.rules().size(); i++) {
            jdbc.sql("INSERT INTO role_rules (role_id, position, rule) VALUES (?, ?, ?)")
                    .params(id, i, spec.rules().get(i).toString())
                    .update();
        }
        return new Role(id, spec.service(), spec.name(), spec.context(), spec.rules(), builtIn);
    }

    public Optional<Role> findById(UUID id) {
        return load("WHERE r.id = :id", Map.of("id", id)).stream().findFirst();
    }

    public Optional<Role> findByKey(String service, String name, String context) {
        return load("WHERE r.service = :service AND r.name = :name AND r.context = :context",
                Map.of("service", service, "name", name, "context", context == null ? "" : context))
                .stream().findFirst();
    }

    /** Filters are exact matches; null means any. {@code contextContains} is a substring match. */
    public List<Role> search(String service, String name, String context, String contextContains) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (service != null) {
            where.add("r.service = :service");
            params.put("service", service);
        }
        if (name != null) {
            where.add("r.name = :name");
            params.put("name", name);
        }
        if (context != null) {
            where.add("r.context = :context");
            params.put("context", context);
        }
        if (contextContains != null) {
            where.add("strpos(r.context, :contextContains) > 0");
            params.put("contextContains", contextContains);
        }
        return load(where.isEmpty() ? "" : "WHERE " + String.join(" AND ", where), params);
    }

    public List<Role> rolesOfUser(UUID userId) {
        return load("WHERE r.id IN (SELECT role_id FROM user_roles WHERE user_id = :userId)",
                Map.of("userId", userId));
    }

    public int countAssignments(UUID roleId) {
        return jdbc.sql("SELECT count(*) FROM user_roles WHERE role_id = ?").param(roleId).query(Integer.class).single();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM roles WHERE id = ?").param(id).update() > 0;
    }

    /** Links roles to a user; already linked roles are left as they are. */
    public void assign(UUID userId, Collection<UUID> roleIds) {
        for (UUID roleId : roleIds) {
            jdbc.sql("INSERT INTO user_roles (user_id, role_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(userId, roleId)
                    .update();
        }
    }

    public boolean unassign(UUID userId, UUID roleId) {
        return jdbc.sql("DELETE FROM user_roles WHERE user_id = ? AND role_id = ?").params(userId, roleId).update() > 0;
    }

    /** Users holding the role, excluding {@code exceptUser}. */
    public int countHoldersExcept(UUID roleId, UUID exceptUser) {
        return jdbc.sql("SELECT count(*) FROM user_roles WHERE role_id = ? AND user_id <> ?")
                .params(roleId, exceptUser).query(Integer.class).single();
    }

    private List<Role> load(String where, Map<String, ?> params) {
        record Row(UUID id, String service, String name, String context, boolean builtIn, String rule) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT r.id, r.service, r.name, r.context, r.built_in, rr.rule
                        FROM roles r LEFT JOIN role_rules rr ON rr.role_id = r.id
                        """ + where + " ORDER BY r.service, r.name, r.context, r.id, rr.position")
                .params(params)
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("service"),
                        rs.getString("name"), rs.getString("context"), rs.getBoolean("built_in"),
                        rs.getString("rule")))
                .list();
        Map<UUID, List<Row>> byRole = new LinkedHashMap<>();
        rows.forEach(row -> byRole.computeIfAbsent(row.id(), k -> new ArrayList<>()).add(row));
        List<Role> roles = new ArrayList<>();
        byRole.forEach((id, group) -> {
            Row first = group.getFirst();
            List<PermissionRule> rules = group.stream().filter(r -> r.rule() != null)
                    .map(r -> parseStored(r.rule())).toList();
            roles.add(new Role(id, first.service(), first.name(), first.context().isEmpty() ? null : first.context(),
                    rules, first.builtIn()));
        });
        return roles;
    }

    private static PermissionRule parseStored(String text) {
        String[] parts = text.split(":", -1);
        return new PermissionRule(parts[0], parts[1], parts[2]);
    }
}

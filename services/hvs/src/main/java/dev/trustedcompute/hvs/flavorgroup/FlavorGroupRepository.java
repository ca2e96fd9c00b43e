package dev.trustedcompute.hvs.flavorgroup;

import dev.trustedcompute.hvs.flavor.FlavorPart;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Flavor groups, their match policies and their flavor links in PostgreSQL. */
@Repository
public class FlavorGroupRepository {

    /** The {@code automatic} group created by migration V20. */
    public static final UUID AUTOMATIC_ID = UUID.fromString("00000000-0000-7000-8000-000000000001");

    private final JdbcClient jdbc;

    public FlavorGroupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Search criteria; null fields do not filter. */
    public record Filter(UUID id, String nameEqualTo, String nameContains, int limit, UUID afterId) {
    }

    /** A group joined with one of its policies (null policy columns for a group without any). */
    private record Row(UUID id, String name, boolean goldenAfterReboot, String flavorPart, String matchType,
                       String required) {
    }

    public void insert(FlavorGroup group, Instant createdAt) {
        jdbc.sql("INSERT INTO flavor_groups (id, name, golden_after_reboot, created_at) VALUES (?, ?, ?, ?)")
                .params(group.id(), group.name(), group.goldenAfterReboot(), Timestamp.from(createdAt)).update();
        group.policies().forEach((part, policy) -> jdbc.sql("INSERT INTO flavor_group_policies (flavor_group_id, "
                        + "flavor_part, match_type, required) VALUES (?, ?, ?, ?)")
                .params(group.id(), part.name(), policy.matchType().name(), policy.required().name()).update());
    }

    public Optional<FlavorGroup> find(UUID id) {
        return withPolicies("SELECT * FROM flavor_groups WHERE id = :id", Map.of("id", id)).stream().findFirst();
    }

    public Optional<FlavorGroup> findByName(String name) {
        return withPolicies("SELECT * FROM flavor_groups WHERE name = :name", Map.of("name", name)).stream()
                .findFirst();
    }

    /** The groups among {@code ids} that exist. */
    public List<FlavorGroup> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return withPolicies("SELECT * FROM flavor_groups WHERE id IN (:ids)", Map.of("ids", ids));
    }

    /** Those of {@code ids} that name no group. */
    public Set<UUID> unknown(Collection<UUID> ids) {
        Set<UUID> missing = new HashSet<>(ids);
        if (!ids.isEmpty()) {
            missing.removeAll(jdbc.sql("SELECT id FROM flavor_groups WHERE id IN (:ids)").param("ids", ids)
                    .query(UUID.class).list());
        }
        return missing;
    }

    public List<FlavorGroup> search(Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT * FROM flavor_groups WHERE TRUE");
        Map<String, Object> params = new HashMap<>();
        if (filter.id() != null) {
            sql.append(" AND id = :id");
            params.put("id", filter.id());
        }
        if (filter.nameEqualTo() != null) {
            sql.append(" AND name = :name");
            params.put("name", filter.nameEqualTo());
        }
        if (filter.nameContains() != null) {
            sql.append(" AND strpos(name, :contains) > 0");
            params.put("contains", filter.nameContains());
        }
        if (filter.afterId() != null) {
            sql.append(" AND id > :afterId");
            params.put("afterId", filter.afterId());
        }
        sql.append(" ORDER BY id LIMIT :limit");
        params.put("limit", filter.limit());
        return withPolicies(sql.toString(), params);
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM flavor_groups WHERE id = ?").param(id).update() == 1;
    }

    /** The groups {@code groupsQuery} selects, with their policies, in one statement, ordered by id. */
    private List<FlavorGroup> withPolicies(String groupsQuery, Map<String, ?> params) {
        List<Row> rows = jdbc.sql("""
                SELECT g.id, g.name, g.golden_after_reboot, p.flavor_part, p.match_type, p.required
                  FROM (%s) g LEFT JOIN flavor_group_policies p ON p.flavor_group_id = g.id
                 ORDER BY g.id""".formatted(groupsQuery)).params(params).query(Row.class).list();
        Map<UUID, Row> groups = new LinkedHashMap<>();
        Map<UUID, Map<FlavorPart, MatchPolicy>> policies = new HashMap<>();
        for (Row row : rows) {
            groups.putIfAbsent(row.id(), row);
            if (row.flavorPart() != null) {
                policies.computeIfAbsent(row.id(), k -> new EnumMap<>(FlavorPart.class)).put(
                        FlavorPart.valueOf(row.flavorPart()),
                        new MatchPolicy(MatchType.valueOf(row.matchType()), Requirement.valueOf(row.required())));
            }
        }
        return groups.values().stream().map(g -> new FlavorGroup(g.id(), g.name(),
                policies.getOrDefault(g.id(), Map.of()), g.goldenAfterReboot())).toList();
    }
}

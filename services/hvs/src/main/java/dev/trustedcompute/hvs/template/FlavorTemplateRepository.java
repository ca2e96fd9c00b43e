package dev.trustedcompute.hvs.template;

import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.flavor.StrictJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Flavor templates (JSONB) and their flavor group links in PostgreSQL. */
@Repository
public class FlavorTemplateRepository {

    private final JdbcClient jdbc;

    public FlavorTemplateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A template as stored; deleted templates stay readable. */
    public record StoredTemplate(FlavorTemplate template, boolean deleted) {
    }

    /** Search criteria; null fields do not filter. */
    public record Filter(UUID id, String label, FlavorPart flavorPart, boolean includeDeleted, int limit, UUID afterId) {
    }

    private record Row(String content, boolean deleted) {
        StoredTemplate stored() {
            return new StoredTemplate(StrictJson.read(content, FlavorTemplate.class), deleted);
        }
    }

    /** Inserts a template; false when its id exists already (used to seed the shipped defaults once). */
    public boolean insert(FlavorTemplate template, Instant createdAt) {
        return jdbc.sql("INSERT INTO flavor_templates (id, label, content, created_at) VALUES (?, ?, ?::jsonb, ?)"
                        + " ON CONFLICT (id) DO NOTHING")
                .params(template.id(), template.label(), StrictJson.write(template), Timestamp.from(createdAt))
                .update() == 1;
    }

    /** Whether a template that is not deleted has this label. */
    public boolean labelInUse(String label) {
        return jdbc.sql("SELECT count(*) FROM flavor_templates WHERE label = ? AND NOT deleted").param(label)
                .query(Integer.class).single() > 0;
    }

    public Optional<StoredTemplate> find(UUID id) {
        return jdbc.sql("SELECT content::text AS content, deleted FROM flavor_templates WHERE id = ?").param(id)
                .query(Row.class).optional().map(Row::stored);
    }

    public List<StoredTemplate> search(Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT content::text AS content, deleted FROM flavor_templates WHERE TRUE");
        Map<String, Object> params = new HashMap<>();
        if (filter.id() != null) {
            sql.append(" AND id = :id");
            params.put("id", filter.id());
        }
        if (filter.label() != null) {
            sql.append(" AND label = :label");
            params.put("label", filter.label());
        }
        if (filter.flavorPart() != null) {
            sql.append(" AND jsonb_exists(content -> 'flavor_parts', :part)");
            params.put("part", filter.flavorPart().name());
        }
        if (!filter.includeDeleted()) {
            sql.append(" AND NOT deleted");
        }
        if (filter.afterId() != null) {
            sql.append(" AND id > :afterId");
            params.put("afterId", filter.afterId());
        }
        sql.append(" ORDER BY id LIMIT :limit");
        params.put("limit", filter.limit());
        return jdbc.sql(sql.toString()).params(params).query(Row.class).list().stream().map(Row::stored).toList();
    }

    /** Marks a template deleted; false when it does not exist or already was. */
    public boolean softDelete(UUID id) {
        return jdbc.sql("UPDATE flavor_templates SET deleted = TRUE WHERE id = ? AND NOT deleted").param(id).update() == 1;
    }

    public boolean link(UUID templateId, UUID groupId) {
        return jdbc.sql("INSERT INTO flavor_template_groups (flavor_template_id, flavor_group_id) VALUES (?, ?)"
                + " ON CONFLICT DO NOTHING").params(templateId, groupId).update() == 1;
    }

    public boolean unlink(UUID templateId, UUID groupId) {
        return jdbc.sql("DELETE FROM flavor_template_groups WHERE flavor_template_id = ? AND flavor_group_id = ?")
                .params(templateId, groupId).update() == 1;
    }

    public List<UUID> groupIdsOf(UUID templateId) {
        return jdbc.sql("SELECT flavor_group_id FROM flavor_template_groups WHERE flavor_template_id = ?"
                + " ORDER BY flavor_group_id").param(templateId).query(UUID.class).list();
    }

    /**
     * The templates that make flavors for {@code groupIds}: those linked to any of the groups, plus every template
     * when one of the groups has none linked. Deleted templates never.
     */
    public List<FlavorTemplate> forGroups(Collection<UUID> groupIds) {
        Set<UUID> linkedGroups = groupIds.isEmpty() ? Set.of() : Set.copyOf(jdbc.sql("SELECT DISTINCT g.flavor_group_id"
                        + " FROM flavor_template_groups g JOIN flavor_templates t ON t.id = g.flavor_template_id"
                        + " WHERE NOT t.deleted AND g.flavor_group_id IN (:ids)")
                .param("ids", groupIds).query(UUID.class).list());
        if (groupIds.isEmpty() || !linkedGroups.containsAll(groupIds)) {
            return jdbc.sql("SELECT content::text AS content, deleted FROM flavor_templates WHERE NOT deleted ORDER BY id")
                    .query(Row.class).list().stream().map(r -> r.stored().template()).toList();
        }
        return jdbc.sql("SELECT content::text AS content, deleted FROM flavor_templates t WHERE NOT deleted AND EXISTS"
                        + " (SELECT 1 FROM flavor_template_groups g WHERE g.flavor_template_id = t.id"
                        + " AND g.flavor_group_id IN (:ids)) ORDER BY id")
                .param("ids", groupIds).query(Row.class).list().stream().map(r -> r.stored().template()).toList();
    }
}

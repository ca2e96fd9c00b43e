package dev.trustedcompute.hvs.flavor;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Signed flavors in PostgreSQL; the content column holds the exact signed bytes. */
@Repository
public class FlavorRepository {

    private static final String COLUMNS = "id, flavor_part, created_at, content, signature";

    private final JdbcClient jdbc;

    public FlavorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Search criteria; null or empty fields do not filter.
     *
     * @param key   a field of {@code meta.description} (e.g. {@code os_name}) that must equal {@code value}
     */
    public record Filter(UUID id, UUID flavorGroupId, Set<FlavorPart> parts, String key, String value, int limit,
                         UUID afterId) {
    }

    private record Row(UUID id, String flavorPart, Timestamp createdAt, String content, String signature) {
        StoredFlavor stored() {
            return new StoredFlavor(id, FlavorPart.valueOf(flavorPart), createdAt.toInstant(), content, signature);
        }
    }

    /**
     * @param label        the flavor's unique label
     * @param hardwareUuid for HOST_UNIQUE and ASSET_TAG flavors, the machine they apply to (stored lower case)
     * @param goldenHostId the host whose evidence golden-after-reboot took this flavor from; null otherwise
     */
    public void insert(StoredFlavor flavor, String label, String hardwareUuid, UUID goldenHostId) {
        jdbc.sql("INSERT INTO flavors (id, label, flavor_part, hardware_uuid, content, signature, golden_host_id, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(flavor.id(), label, flavor.part().name(),
                        hardwareUuid == null ? null : hardwareUuid.toLowerCase(java.util.Locale.ROOT),
                        flavor.content(), flavor.signature(), goldenHostId, Timestamp.from(flavor.createdAt()))
                .update();
    }

    public Optional<StoredFlavor> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM flavors WHERE id = ?").param(id).query(Row.class).optional()
                .map(Row::stored);
    }

    public List<StoredFlavor> search(Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM flavors f WHERE TRUE");
        Map<String, Object> params = new HashMap<>();
        if (filter.id() != null) {
            sql.append(" AND id = :id");
            params.put("id", filter.id());
        }
        if (filter.flavorGroupId() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM flavor_group_flavors l WHERE l.flavor_id = f.id"
                    + " AND l.flavor_group_id = :group)");
            params.put("group", filter.flavorGroupId());
        }
        if (filter.parts() != null && !filter.parts().isEmpty()) {
            sql.append(" AND flavor_part IN (:parts)");
            params.put("parts", filter.parts().stream().map(Enum::name).toList());
        }
        if (filter.key() != null) {
            sql.append(" AND description ->> :key = :value");
            params.put("key", filter.key());
            params.put("value", filter.value());
        }
        if (filter.afterId() != null) {
            sql.append(" AND id > :afterId");
            params.put("afterId", filter.afterId());
        }
        sql.append(" ORDER BY id LIMIT :limit");
        params.put("limit", filter.limit());
        return jdbc.sql(sql.toString()).params(params).query(Row.class).list().stream().map(Row::stored).toList();
    }

    /**
     * The flavors of a group that can apply to a machine: every flavor except HOST_UNIQUE and ASSET_TAG flavors of
     * other machines.
     */
    public List<StoredFlavor> ofGroupFor(UUID groupId, String hardwareUuid) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM flavors f JOIN flavor_group_flavors l ON l.flavor_id = f.id"
                        + " WHERE l.flavor_group_id = ? AND (f.hardware_uuid IS NULL OR f.hardware_uuid = ?) ORDER BY f.id")
                .params(groupId, hardwareUuid.toLowerCase(java.util.Locale.ROOT)).query(Row.class).list().stream()
                .map(Row::stored).toList();
    }

    /** Links a flavor to a group; false when it already was. */
    public boolean linkFlavor(UUID groupId, UUID flavorId) {
        return jdbc.sql("INSERT INTO flavor_group_flavors (flavor_group_id, flavor_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(groupId, flavorId).update() == 1;
    }

    public boolean unlinkFlavor(UUID groupId, UUID flavorId) {
        return jdbc.sql("DELETE FROM flavor_group_flavors WHERE flavor_group_id = ? AND flavor_id = ?")
                .params(groupId, flavorId).update() == 1;
    }

    public boolean isLinked(UUID groupId, UUID flavorId) {
        return jdbc.sql("SELECT count(*) FROM flavor_group_flavors WHERE flavor_group_id = ? AND flavor_id = ?")
                .params(groupId, flavorId).query(Integer.class).single() == 1;
    }

    /** The flavors of a group, oldest first. */
    public List<UUID> flavorIds(UUID groupId) {
        return jdbc.sql("SELECT flavor_id FROM flavor_group_flavors WHERE flavor_group_id = ? ORDER BY flavor_id")
                .param(groupId).query(UUID.class).list();
    }

    /** The groups a flavor is linked to. */
    public Set<UUID> groupIdsOf(UUID flavorId) {
        return Set.copyOf(jdbc.sql("SELECT flavor_group_id FROM flavor_group_flavors WHERE flavor_id = ?")
                .param(flavorId).query(UUID.class).list());
    }

    /** Deletes the flavors golden-after-reboot took for a host in a group; returns how many. */
    public int deleteGolden(UUID hostId, UUID groupId) {
        return jdbc.sql("DELETE FROM flavors f WHERE f.golden_host_id = ? AND EXISTS (SELECT 1 FROM flavor_group_flavors l"
                + " WHERE l.flavor_id = f.id AND l.flavor_group_id = ?)").params(hostId, groupId).update();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM flavors WHERE id = ?").param(id).update() == 1;
    }
}

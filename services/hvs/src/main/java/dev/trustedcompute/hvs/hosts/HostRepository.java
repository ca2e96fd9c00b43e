package dev.trustedcompute.hvs.hosts;

import dev.trustedcompute.agentprotocol.HostId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Hosts, their flavor group links and their newest report, in PostgreSQL. */
@Repository
public class HostRepository {

    private static final String GROUP_IDS =
            "ARRAY(SELECT g.flavor_group_id FROM host_flavor_groups g WHERE g.host_id = h.id) AS group_ids";
    /** A host with its flavor group ids ({@link #host}); append the WHERE clause. */
    private static final String SELECT_HOST = "SELECT h.*, " + GROUP_IDS + " FROM hosts h";
    /** The same with the host's newest report ({@link #listing}). */
    private static final String SELECT = "SELECT h.*, " + GROUP_IDS + """
            , lr.id AS report_id, lr.created_at AS report_created_at, lr.expires_at AS report_expires_at,
                   lr.trusted AS report_trusted
              FROM hosts h
              LEFT JOIN LATERAL (SELECT r.id, r.created_at, r.expires_at, r.trusted FROM reports r
                                  WHERE r.host_id = h.id ORDER BY r.id DESC LIMIT 1) lr ON TRUE
            """;

    private final JdbcClient jdbc;

    public HostRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Host host) {
        jdbc.sql("""
                INSERT INTO hosts (id, name, nats_host_id, hardware_uuid, description, created_at, updated_at)
                VALUES (:id, :name, :natsHostId, :hardwareUuid, :description, :createdAt, :updatedAt)""")
                .param("id", host.id())
                .param("name", host.name())
                .param("natsHostId", host.natsHostId().value())
                .param("hardwareUuid", host.hardwareUuid())
                .param("description", host.description())
                .param("createdAt", Timestamp.from(host.createdAt()))
                .param("updatedAt", Timestamp.from(host.updatedAt()))
                .update();
        replaceFlavorGroups(host.id(), host.flavorGroupIds());
    }

    /** Name, description and flavor groups; the NATS host id and hardware UUID never change. */
    public void update(Host host) {
        jdbc.sql("UPDATE hosts SET name = :name, description = :description, updated_at = :updatedAt WHERE id = :id")
                .param("id", host.id())
                .param("name", host.name())
                .param("description", host.description())
                .param("updatedAt", Timestamp.from(host.updatedAt()))
                .update();
        replaceFlavorGroups(host.id(), host.flavorGroupIds());
    }

    private void replaceFlavorGroups(UUID hostId, Set<UUID> groupIds) {
        jdbc.sql("DELETE FROM host_flavor_groups WHERE host_id = :id").param("id", hostId).update();
        for (UUID groupId : groupIds) {
            jdbc.sql("INSERT INTO host_flavor_groups (host_id, flavor_group_id) VALUES (:host, :group)")
                    .param("host", hostId).param("group", groupId).update();
        }
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM hosts WHERE id = :id").param("id", id).update() == 1;
    }

    public Optional<HostListing> find(UUID id) {
        return jdbc.sql(SELECT + " WHERE h.id = :id").param("id", id).query(HostRepository::listing).optional();
    }

    /** The host without its newest report (what the agent and verification paths need: one index look-up less). */
    public Optional<Host> findHost(UUID id) {
        return jdbc.sql(SELECT_HOST + " WHERE h.id = :id").param("id", id)
                .query((rs, n) -> host(rs)).optional();
    }

    /** {@link #findHost} for several hosts in one statement; missing ones are absent from the map. */
    public Map<UUID, Host> findHosts(Collection<UUID> ids) {
        Map<UUID, Host> found = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql(SELECT_HOST + " WHERE h.id IN (:ids)").param("ids", new HashSet<>(ids))
                    .query((rs, n) -> host(rs)).list().forEach(host -> found.put(host.id(), host));
        }
        return found;
    }

    /** Locks the host row until the transaction ends (serialises onboarding and pinning of one host). */
    public Optional<Host> findForUpdate(UUID id) {
        return jdbc.sql(SELECT_HOST + " WHERE h.id = :id FOR UPDATE OF h")
                .param("id", id).query((rs, n) -> host(rs)).optional();
    }

    public Optional<HostListing> findByNatsHostId(HostId hostId) {
        return jdbc.sql(SELECT + " WHERE h.nats_host_id = :hostId").param("hostId", hostId.value())
                .query(HostRepository::listing).optional();
    }

    /** The id of the host with NATS id {@code hostId} if it has onboarded an AK (an agent request's one look-up). */
    public Optional<UUID> onboardedHostId(HostId hostId) {
        return jdbc.sql("SELECT id FROM hosts WHERE nats_host_id = :hostId AND ak_public IS NOT NULL")
                .param("hostId", hostId.value()).query(UUID.class).optional();
    }

    /** {@link #findByNatsHostId} without the newest report. */
    public Optional<Host> findHostByNatsHostId(HostId hostId) {
        return jdbc.sql(SELECT_HOST + " WHERE h.nats_host_id = :hostId").param("hostId", hostId.value())
                .query((rs, n) -> host(rs)).optional();
    }

    public boolean nameTaken(String name, UUID exceptId) {
        return jdbc.sql("SELECT count(*) FROM hosts WHERE name = :name AND id <> :except")
                .param("name", name).param("except", exceptId == null ? new UUID(0, 0) : exceptId)
                .query(Long.class).single() > 0;
    }

    public List<HostListing> search(HostFilter filter) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE TRUE");
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.nameEqualTo() != null) {
            sql.append(" AND h.name = :nameEqualTo");
            params.put("nameEqualTo", filter.nameEqualTo());
        }
        if (filter.nameContains() != null) {
            sql.append(" AND strpos(lower(h.name), lower(:nameContains)) > 0");
            params.put("nameContains", filter.nameContains());
        }
        if (filter.hostId() != null) {
            sql.append(" AND h.nats_host_id = :hostId");
            params.put("hostId", filter.hostId().value());
        }
        if (filter.hardwareUuid() != null) {
            sql.append(" AND h.hardware_uuid = :hardwareUuid");
            params.put("hardwareUuid", filter.hardwareUuid());
        }
        if (filter.trusted() != null) {
            sql.append(" AND lr.trusted = :trusted");
            params.put("trusted", filter.trusted());
        }
        if (filter.afterId() != null) {
            sql.append(" AND h.id > :afterId");
            params.put("afterId", filter.afterId());
        }
        sql.append(" ORDER BY h.id LIMIT :limit");
        params.put("limit", filter.limit());
        return jdbc.sql(sql.toString()).params(params).query(HostRepository::listing).list();
    }

    /** Records the outcome of talking to the agent. */
    public void recordContact(UUID id, ConnectionState state, Instant at) {
        jdbc.sql("""
                UPDATE hosts SET connection_state = :state,
                       last_contact_at = CASE WHEN :state = 'CONNECTED' THEN :at ELSE last_contact_at END
                 WHERE id = :id""")
                .param("id", id).param("state", state.name()).param("at", Timestamp.from(at)).update();
    }

    /** Pins (or re-pins) the host's attestation key. */
    public void pin(UUID id, PinnedAk ak) {
        jdbc.sql("""
                UPDATE hosts SET ak_public = :akPublic, ak_name = :akName, ek_public = :ekPublic,
                       ek_certificate = :ekCertificate, ak_pinned_at = :pinnedAt, updated_at = :pinnedAt
                 WHERE id = :id""")
                .param("id", id)
                .param("akPublic", ak.akPublic())
                .param("akName", ak.akName())
                .param("ekPublic", ak.ekPublic())
                .param("ekCertificate", ak.ekCertificate())
                .param("pinnedAt", Timestamp.from(ak.pinnedAt()))
                .update();
    }

    /** Forgets the host's AK and EK: until it onboards again its evidence is refused. */
    public void releasePin(UUID id, Instant at) {
        jdbc.sql("""
                UPDATE hosts SET ak_public = NULL, ak_name = NULL, ek_public = NULL, ek_certificate = NULL,
                       ak_pinned_at = NULL, updated_at = :at
                 WHERE id = :id""")
                .param("id", id)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Ids of the hosts linked to any of {@code groupIds}. */
    public Set<UUID> hostIdsInGroups(Set<UUID> groupIds) {
        if (groupIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT DISTINCT host_id FROM host_flavor_groups WHERE flavor_group_id IN (:groups)")
                .param("groups", groupIds).query(UUID.class).list());
    }

    public Set<UUID> groupIdsOf(UUID hostId) {
        return new HashSet<>(jdbc.sql("SELECT flavor_group_id FROM host_flavor_groups WHERE host_id = :id")
                .param("id", hostId).query(UUID.class).list());
    }

    private static HostListing listing(ResultSet rs, int row) throws SQLException {
        UUID reportId = rs.getObject("report_id", UUID.class);
        LastReport report = reportId == null ? null : new LastReport(reportId,
                rs.getTimestamp("report_created_at").toInstant(), rs.getTimestamp("report_expires_at").toInstant(),
                rs.getBoolean("report_trusted"));
        return new HostListing(host(rs), report);
    }

    private static Host host(ResultSet rs) throws SQLException {
        byte[] akPublic = rs.getBytes("ak_public");
        PinnedAk ak = akPublic == null ? null : new PinnedAk(akPublic, rs.getBytes("ak_name"), rs.getBytes("ek_public"),
                rs.getBytes("ek_certificate"), rs.getTimestamp("ak_pinned_at").toInstant());
        Timestamp lastContact = rs.getTimestamp("last_contact_at");
        return new Host(rs.getObject("id", UUID.class), rs.getString("name"), HostId.of(rs.getString("nats_host_id")),
                rs.getObject("hardware_uuid", UUID.class), rs.getString("description"), uuids(rs.getArray("group_ids")),
                ConnectionState.valueOf(rs.getString("connection_state")),
                lastContact == null ? null : lastContact.toInstant(), ak,
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static Set<UUID> uuids(Array array) throws SQLException {
        return array == null ? Set.of() : Set.copyOf(new ArrayList<>(Arrays.asList((UUID[]) array.getArray())));
    }
}

package dev.trustedcompute.hvs.reports;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Trust reports in PostgreSQL. */
@Repository
public class ReportRepository {

    private static final String COLUMNS = "id, host_id, created_at, expires_at, trusted, claims::text AS claims, jwt";

    private final JdbcClient jdbc;

    public ReportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts {@code reports} in one statement. */
    public void insertAll(List<Report> reports) {
        jdbc.sql("""
                INSERT INTO reports (id, host_id, created_at, expires_at, trusted, claims, jwt)
                SELECT id, host_id, created_at, expires_at, trusted, claims::jsonb, jwt
                  FROM unnest(:ids, :hosts, :createdAt, :expiresAt, :trusted, :claims, :jwts)
                    AS r (id, host_id, created_at, expires_at, trusted, claims, jwt)""")
                .param("ids", reports.stream().map(Report::id).toArray(UUID[]::new))
                .param("hosts", reports.stream().map(Report::hostId).toArray(UUID[]::new))
                .param("createdAt", reports.stream().map(r -> Timestamp.from(r.createdAt())).toArray(Timestamp[]::new))
                .param("expiresAt", reports.stream().map(r -> Timestamp.from(r.expiresAt())).toArray(Timestamp[]::new))
                .param("trusted", reports.stream().map(Report::trusted).toArray(Boolean[]::new))
                .param("claims", reports.stream().map(Report::claimsJson).toArray(String[]::new))
                .param("jwts", reports.stream().map(Report::jwt).toArray(String[]::new))
                .update();
    }

    public Optional<Report> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reports WHERE id = :id").param("id", id)
                .query(ReportRepository::map).optional();
    }

    public List<Report> search(ReportFilter filter) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.hostId() != null) {
            where.append(" AND host_id = :host");
            params.put("host", filter.hostId());
        }
        if (filter.from() != null) {
            where.append(" AND created_at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" AND created_at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        String selected = filter.latestPerHost()
                ? "(SELECT DISTINCT ON (host_id) * FROM reports" + where + " ORDER BY host_id, id DESC) r"
                : "(SELECT * FROM reports" + where + ") r";
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + selected + " WHERE TRUE");
        if (filter.afterId() != null) {
            sql.append(" AND id > :afterId");
            params.put("afterId", filter.afterId());
        }
        sql.append(" ORDER BY id LIMIT :limit");
        params.put("limit", filter.limit());
        return jdbc.sql(sql.toString()).params(params).query(ReportRepository::map).list();
    }

    /** Up to {@code max} reports not yet on JetStream, oldest first, locked against other HVS instances. */
    public List<Report> lockUnpublished(int max) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reports WHERE published_at IS NULL ORDER BY id LIMIT :max"
                        + " FOR UPDATE SKIP LOCKED")
                .param("max", max).query(ReportRepository::map).list();
    }

    public void markPublished(Collection<UUID> ids, Instant at) {
        if (!ids.isEmpty()) {
            jdbc.sql("UPDATE reports SET published_at = :at WHERE id IN (:ids)").param("ids", ids)
                    .param("at", Timestamp.from(at)).update();
        }
    }

    private static Report map(ResultSet rs, int row) throws SQLException {
        return new Report(rs.getObject("id", UUID.class), rs.getObject("host_id", UUID.class),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                rs.getBoolean("trusted"), rs.getString("claims"), rs.getString("jwt"));
    }
}

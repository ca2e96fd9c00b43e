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

    public void insert(Report report) {
        jdbc.sql("""
                INSERT INTO reports (id, host_id, created_at, expires_at, trusted, claims, jwt)
                VALUES (:id, :host, :createdAt, :expiresAt, :trusted, :claims::jsonb, :jwt)""")
                .param("id", report.id())
                .param("host", report.hostId())
                .param("createdAt", Timestamp.from(report.createdAt()))
                .param("expiresAt", Timestamp.from(report.expiresAt()))
                .param("trusted", report.trusted())
                .param("claims", report.claimsJson())
                .param("jwt", report.jwt())
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

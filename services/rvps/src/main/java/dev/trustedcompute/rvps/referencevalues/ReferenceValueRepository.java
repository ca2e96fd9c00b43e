package dev.trustedcompute.rvps.referencevalues;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reference values in PostgreSQL. Every read takes {@code now} and leaves out expired rows, so no caller can
 * forget the expiry check; expired rows stay until deleted (their provenance may still be of interest).
 */
@Repository
public class ReferenceValueRepository {

    private static final String COLUMNS =
            "name, value_list, expiration, registered_by, message_type, signer, registered_at";

    private final JdbcClient jdbc;

    public ReferenceValueRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts or replaces (values, expiration and provenance together) each value; run inside a transaction. */
    public void upsert(Collection<ReferenceValue> values) {
        for (ReferenceValue value : values) {
            Provenance p = value.provenance();
            jdbc.sql("INSERT INTO reference_values (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (name) DO UPDATE SET value_list = EXCLUDED.value_list, "
                            + "expiration = EXCLUDED.expiration, registered_by = EXCLUDED.registered_by, "
                            + "message_type = EXCLUDED.message_type, signer = EXCLUDED.signer, "
                            + "registered_at = EXCLUDED.registered_at")
                    .params(value.name(), value.values().toArray(String[]::new), Timestamp.from(value.expiration()),
                            p.registeredBy(), p.messageType(), p.signer(), Timestamp.from(p.registeredAt()))
                    .update();
        }
    }

    public Optional<ReferenceValue> findUnexpired(String name, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reference_values WHERE name = ? AND expiration > ?")
                .params(name, Timestamp.from(now))
                .query(ReferenceValueRepository::row)
                .optional();
    }

    /** Unexpired values whose name starts with {@code prefix} and sorts after {@code afterName}, by name. */
    public List<ReferenceValue> page(String prefix, String afterName, int limit, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reference_values WHERE expiration > :now "
                        + "AND starts_with(name, :prefix) AND name > :after ORDER BY name LIMIT :limit")
                .param("now", Timestamp.from(now))
                .param("prefix", prefix)
                .param("after", afterName)
                .param("limit", limit)
                .query(ReferenceValueRepository::row)
                .list();
    }

    /** Name -> values of the unexpired values among {@code names} (all of them when null), by name. */
    public Map<String, List<String>> query(Collection<String> names, Instant now) {
        String where = names == null ? "" : " AND name = ANY(:names)";
        var statement = jdbc.sql("SELECT name, value_list FROM reference_values WHERE expiration > :now" + where
                        + " ORDER BY name")
                .param("now", Timestamp.from(now));
        if (names != null) {
            statement = statement.param("names", names.toArray(String[]::new));
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        statement.query((ResultSet rs) -> {
            result.put(rs.getString("name"), strings(rs.getArray("value_list")));
        });
        return result;
    }

    public boolean delete(String name) {
        return jdbc.sql("DELETE FROM reference_values WHERE name = ?").param(name).update() > 0;
    }

    private static ReferenceValue row(ResultSet rs, int rowNum) throws SQLException {
        return new ReferenceValue(rs.getString("name"), strings(rs.getArray("value_list")),
                rs.getTimestamp("expiration").toInstant(),
                new Provenance(rs.getString("registered_by"), rs.getString("message_type"), rs.getString("signer"),
                        rs.getTimestamp("registered_at").toInstant()));
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}

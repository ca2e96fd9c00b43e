package dev.trustedcompute.attestationmanager.policy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The single poll-policy row. */
@Repository
public class PolicyRepository {
    private final JdbcClient jdbc;

    public PolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredPolicy> find() {
        return jdbc.sql("select minutes, configured_minutes, updated_by, updated_at from poll_policy where id = 1")
                .query((rs, i) -> new StoredPolicy(new PollPolicy(rs.getInt("minutes"), rs.getString("updated_by"),
                        rs.getTimestamp("updated_at").toInstant()), rs.getInt("configured_minutes")))
                .optional();
    }

    /** Writes the policy; {@code configuredMinutes} is what tc.am.poll-duration said when it was last applied. */
    public void save(PollPolicy policy, int configuredMinutes) {
        jdbc.sql("""
                        insert into poll_policy (id, minutes, configured_minutes, updated_by, updated_at)
                        values (1, :minutes, :configured, :by, :at)
                        on conflict (id) do update set minutes = excluded.minutes,
                          configured_minutes = excluded.configured_minutes, updated_by = excluded.updated_by,
                          updated_at = excluded.updated_at""")
                .param("minutes", policy.pollDurationMinutes()).param("configured", configuredMinutes)
                .param("by", policy.updatedBy()).param("at", Timestamp.from(policy.updatedAt())).update();
    }

    /** Locks the row for a read-modify-write. */
    public void lock() {
        jdbc.sql("select 1 from poll_policy where id = 1 for update").query().listOfRows();
    }

    public record StoredPolicy(PollPolicy policy, int configuredMinutes) {
    }
}

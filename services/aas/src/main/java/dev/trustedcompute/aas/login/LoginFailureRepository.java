package dev.trustedcompute.aas.login;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class LoginFailureRepository {

    private final JdbcClient jdbc;

    public LoginFailureRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<LoginFailures> find(String username) {
        return select("SELECT failures, window_start, locked_until FROM login_failures WHERE username = ?", username);
    }

    /** Reads and row-locks the record (within a transaction), so concurrent failures are all counted. */
    public Optional<LoginFailures> lock(String username) {
        jdbc.sql("INSERT INTO login_failures (username, failures, window_start) VALUES (?, 0, now()) "
                + "ON CONFLICT (username) DO NOTHING").param(username).update();
        return select("SELECT failures, window_start, locked_until FROM login_failures WHERE username = ? FOR UPDATE",
                username).filter(f -> f.failures() > 0);
    }

    public void save(String username, LoginFailures failures) {
        jdbc.sql("UPDATE login_failures SET failures = ?, window_start = ?, locked_until = ? WHERE username = ?")
                .params(failures.failures(), Timestamp.from(failures.windowStart()),
                        failures.lockedUntil() == null ? null : Timestamp.from(failures.lockedUntil()), username)
                .update();
    }

    public void clear(String username) {
        jdbc.sql("DELETE FROM login_failures WHERE username = ?").param(username).update();
    }

    /** Removes records that can no longer lock anyone (their window and lockout are over). */
    public int deleteStale(Instant windowStartBefore, Instant now) {
        return jdbc.sql("DELETE FROM login_failures WHERE window_start < ? AND (locked_until IS NULL OR locked_until <= ?)")
                .params(Timestamp.from(windowStartBefore), Timestamp.from(now)).update();
    }

    private Optional<LoginFailures> select(String sql, String username) {
        return jdbc.sql(sql).param(username)
                .query((rs, n) -> new LoginFailures(rs.getInt("failures"), rs.getTimestamp("window_start").toInstant(),
                        rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant()))
                .optional();
    }
}

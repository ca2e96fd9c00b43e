package dev.trustedcompute.kbs.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Sessions in PostgreSQL, so any KBS instance can continue a handshake another one started. */
@Repository
public class SessionRepository {

    private final JdbcClient jdbc;

    public SessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Session session, Instant createdAt) {
        jdbc.sql("INSERT INTO rcar_session (id, tee, nonce, nonce_used, token, created_at, expires_at) "
                        + "VALUES (?, ?, ?, false, NULL, ?, ?)")
                .params(session.id(), session.tee(), session.nonce(), Timestamp.from(createdAt),
                        Timestamp.from(session.expiresAt()))
                .update();
    }

    /** The unexpired session with this id. */
    public Optional<Session> find(String id, Instant now) {
        return jdbc.sql("SELECT * FROM rcar_session WHERE id = ? AND expires_at > ?")
                .params(id, Timestamp.from(now))
                .query(SessionRepository::map)
                .optional();
    }

    /**
     * Marks the nonce of an unexpired, authed session used and returns the session as it was; empty when there is
     * no such session or its nonce was already used. One statement, so two concurrent /attest calls (even on two
     * instances) cannot both get it.
     */
    public Optional<Session> consumeNonce(String id, Instant now) {
        return jdbc.sql("UPDATE rcar_session SET nonce_used = true "
                        + "WHERE id = ? AND expires_at > ? AND token IS NULL AND NOT nonce_used "
                        + "RETURNING id, tee, nonce, false AS nonce_used, token, expires_at")
                .params(id, Timestamp.from(now))
                .query(SessionRepository::map)
                .optional();
    }

    /** As {@link #consumeNonce} for the session that issued {@code nonce} (the curl-friendly route has no cookie). */
    public Optional<Session> consumeNonceByValue(String nonce, Instant now) {
        return jdbc.sql("UPDATE rcar_session SET nonce_used = true "
                        + "WHERE nonce = ? AND expires_at > ? AND token IS NULL AND NOT nonce_used "
                        + "RETURNING id, tee, nonce, false AS nonce_used, token, expires_at")
                .params(nonce, Timestamp.from(now))
                .query(SessionRepository::map)
                .optional();
    }

    public void storeToken(String id, String token) {
        jdbc.sql("UPDATE rcar_session SET token = ? WHERE id = ?").params(token, id).update();
    }

    public int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM rcar_session WHERE expires_at <= ?").param(Timestamp.from(now)).update();
    }

    private static Session map(ResultSet rs, int row) throws SQLException {
        return new Session(rs.getString("id"), rs.getString("tee"), rs.getString("nonce"), rs.getBoolean("nonce_used"),
                rs.getString("token"), rs.getTimestamp("expires_at").toInstant());
    }
}

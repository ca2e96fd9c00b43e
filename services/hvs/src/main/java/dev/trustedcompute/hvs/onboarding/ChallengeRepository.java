package dev.trustedcompute.hvs.onboarding;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Credential challenges in PostgreSQL, so any HVS instance can take the answer. */
@Repository
public class ChallengeRepository {

    private final JdbcClient jdbc;

    public ChallengeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Challenge c, Instant createdAt) {
        jdbc.sql("""
                INSERT INTO onboarding_challenges (id, host_id, ak_public, ak_name, ek_public, ek_certificate,
                                                   secret_sha256, created_at, expires_at)
                VALUES (:id, :host, :akPublic, :akName, :ekPublic, :ekCertificate, :secret, :createdAt, :expiresAt)""")
                .param("id", c.id()).param("host", c.hostId()).param("akPublic", c.akPublic())
                .param("akName", c.akName()).param("ekPublic", c.ekPublic()).param("ekCertificate", c.ekCertificate())
                .param("secret", c.secretSha256()).param("createdAt", Timestamp.from(createdAt))
                .param("expiresAt", Timestamp.from(c.expiresAt()))
                .update();
    }

    /** Takes the challenge's one answer: empty when it does not exist, expired, or was answered already. */
    public Optional<Challenge> takeAnswer(UUID id, Instant now) {
        return jdbc.sql("""
                UPDATE onboarding_challenges SET answered_at = :now
                 WHERE id = :id AND answered_at IS NULL AND expires_at > :now
                RETURNING id, host_id, ak_public, ak_name, ek_public, ek_certificate, secret_sha256, expires_at""")
                .param("id", id).param("now", Timestamp.from(now))
                .query((rs, row) -> new Challenge(rs.getObject("id", UUID.class), rs.getObject("host_id", UUID.class),
                        rs.getBytes("ak_public"), rs.getBytes("ak_name"), rs.getBytes("ek_public"),
                        rs.getBytes("ek_certificate"), rs.getBytes("secret_sha256"),
                        rs.getTimestamp("expires_at").toInstant()))
                .optional();
    }

    public boolean exists(UUID id) {
        return jdbc.sql("SELECT count(*) FROM onboarding_challenges WHERE id = :id").param("id", id)
                .query(Long.class).single() > 0;
    }

    /** Challenges can go once they can no longer be answered. */
    public int purgeExpired(Instant now) {
        return jdbc.sql("DELETE FROM onboarding_challenges WHERE expires_at < :now").param("now", Timestamp.from(now))
                .update();
    }
}

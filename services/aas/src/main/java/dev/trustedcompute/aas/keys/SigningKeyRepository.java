package dev.trustedcompute.aas.keys;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Signing keys at rest; the private key only as encrypted PKCS#8 (see {@link PrivateKeyCodec}). */
@Repository
public class SigningKeyRepository {

    /** A row of {@code signing_keys}. */
    public record StoredKey(String kid, String algorithm, byte[] encryptedKey, String certificateChainPem,
                            Instant createdAt, Instant retiredAt, Instant retainUntil) {
    }

    /** Advisory lock id serializing key creation and rotation across AAS replicas. */
    private static final long LOCK_ID = 0x4141_535f_4b45_5953L;

    private final JdbcClient jdbc;

    public SigningKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Holds a transaction-scoped advisory lock: only one replica creates or rotates keys at a time. */
    public void lock() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK_ID).query(Object.class).single();
    }

    public List<StoredKey> all() {
        return jdbc.sql("""
                        SELECT kid, algorithm, encrypted_key, certificate_chain, created_at, retired_at, retain_until
                        FROM signing_keys ORDER BY retired_at DESC NULLS FIRST, created_at DESC""")
                .query((rs, n) -> new StoredKey(rs.getString("kid"), rs.getString("algorithm"),
                        rs.getBytes("encrypted_key"), rs.getString("certificate_chain"),
                        rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("retired_at")),
                        instant(rs.getTimestamp("retain_until"))))
                .list();
    }

    public void insert(StoredKey key) {
        jdbc.sql("""
                        INSERT INTO signing_keys (kid, algorithm, encrypted_key, certificate_chain, created_at)
                        VALUES (?, ?, ?, ?, ?)""")
                .params(key.kid(), key.algorithm(), key.encryptedKey(), key.certificateChainPem(),
                        Timestamp.from(key.createdAt()))
                .update();
    }

    public void retire(String kid, Instant at, Instant retainUntil) {
        jdbc.sql("UPDATE signing_keys SET retired_at = ?, retain_until = ? WHERE kid = ?")
                .params(Timestamp.from(at), Timestamp.from(retainUntil), kid)
                .update();
    }

    /** Deletes retired keys whose retention has passed. */
    public int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM signing_keys WHERE retain_until IS NOT NULL AND retain_until <= ?")
                .param(Timestamp.from(now)).update();
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}

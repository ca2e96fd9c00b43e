package dev.trustedcompute.kbs.resources;

import dev.trustedcompute.kbs.crypto.Sealed;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Encrypted resources in PostgreSQL; this class never sees plaintext. */
@Repository
public class ResourceRepository {

    private final JdbcClient jdbc;

    public ResourceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void upsert(StoredResource resource, Instant now) {
        jdbc.sql("INSERT INTO resource (path, content_iv, ciphertext, key_master_id, key_iv, sealed_key, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET content_iv = EXCLUDED.content_iv, "
                        + "ciphertext = EXCLUDED.ciphertext, key_master_id = EXCLUDED.key_master_id, "
                        + "key_iv = EXCLUDED.key_iv, sealed_key = EXCLUDED.sealed_key, updated_at = EXCLUDED.updated_at")
                .params(resource.path(), resource.contentIv(), resource.ciphertext(), resource.sealedKey().keyId(),
                        resource.sealedKey().iv(), resource.sealedKey().ciphertext(), Timestamp.from(now))
                .update();
    }

    public Optional<StoredResource> find(String path) {
        return jdbc.sql("SELECT * FROM resource WHERE path = ?").param(path).query(ResourceRepository::map).optional();
    }

    public boolean delete(String path) {
        return jdbc.sql("DELETE FROM resource WHERE path = ?").param(path).update() > 0;
    }

    /** Rows whose key is sealed under another master key than {@code activeId} (rotation candidates). */
    public List<StoredResource> sealedUnderOtherThan(String activeId) {
        return jdbc.sql("SELECT * FROM resource WHERE key_master_id <> ?").param(activeId)
                .query(ResourceRepository::map).list();
    }

    /** Replaces the sealed key only if the row still has the one that was read (a concurrent write wins). */
    public boolean replaceSealedKey(String path, Sealed old, Sealed fresh) {
        return jdbc.sql("UPDATE resource SET key_master_id = ?, key_iv = ?, sealed_key = ? "
                        + "WHERE path = ? AND key_master_id = ? AND key_iv = ?")
                .params(fresh.keyId(), fresh.iv(), fresh.ciphertext(), path, old.keyId(), old.iv())
                .update() > 0;
    }

    private static StoredResource map(ResultSet rs, int row) throws SQLException {
        return new StoredResource(rs.getString("path"), rs.getBytes("content_iv"), rs.getBytes("ciphertext"),
                new Sealed(rs.getString("key_master_id"), rs.getBytes("key_iv"), rs.getBytes("sealed_key")));
    }
}

package dev.trustedcompute.kbs.ear;

import dev.trustedcompute.kbs.crypto.Sealed;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Token signing keys, the private part sealed under a master key; shared by every KBS instance. */
@Repository
public class SigningKeyRepository {

    /** A stored key: the sealed PKCS#8 private key and the DER certificate. */
    public record Row(String kid, Sealed sealedKey, byte[] certificate, Instant createdAt) {
    }

    private final JdbcClient jdbc;

    public SigningKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serializes key creation across instances for the rest of the transaction. */
    public void lock() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('kbs.signing_key'))").query().singleRow();
    }

    public List<Row> all() {
        return jdbc.sql("SELECT * FROM signing_key ORDER BY created_at DESC, kid").query((rs, i) -> new Row(
                rs.getString("kid"), new Sealed(rs.getString("key_master_id"), rs.getBytes("key_iv"),
                rs.getBytes("sealed_key")), rs.getBytes("certificate"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    public void insert(Row row) {
        jdbc.sql("INSERT INTO signing_key (kid, key_master_id, key_iv, sealed_key, certificate, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(row.kid(), row.sealedKey().keyId(), row.sealedKey().iv(), row.sealedKey().ciphertext(),
                        row.certificate(), Timestamp.from(row.createdAt()))
                .update();
    }

    public boolean replaceSealedKey(String kid, Sealed old, Sealed fresh) {
        return jdbc.sql("UPDATE signing_key SET key_master_id = ?, key_iv = ?, sealed_key = ? "
                        + "WHERE kid = ? AND key_master_id = ? AND key_iv = ?")
                .params(fresh.keyId(), fresh.iv(), fresh.ciphertext(), kid, old.keyId(), old.iv())
                .update() > 0;
    }
}

package dev.trustedcompute.kbs.policy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Uploaded policies, shared by every instance; the text is stored as uploaded, with its language. */
@Repository
public class PolicyRepository {

    private final JdbcClient jdbc;

    public PolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Policy> find(PolicyKind kind, String id, PolicyLanguage language) {
        return jdbc.sql("SELECT body FROM policy WHERE kind = ? AND id = ? AND language = ?")
                .params(kind.name(), id, language.name())
                .query(String.class)
                .optional()
                .map(text -> new Policy(kind, id, text));
    }

    public void upsert(Policy policy, PolicyLanguage language, Instant now) {
        jdbc.sql("INSERT INTO policy (kind, id, language, body, updated_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (kind, id) DO UPDATE SET language = EXCLUDED.language, body = EXCLUDED.body, "
                        + "updated_at = EXCLUDED.updated_at")
                .params(policy.kind().name(), policy.id(), language.name(), policy.text(), Timestamp.from(now))
                .update();
    }
}

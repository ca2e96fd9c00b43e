package dev.trustedcompute.hvs.onboarding;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/** Append-only record of security-relevant changes (AK pins, endorsement CAs), in the caller's transaction. */
@Component
public class AuditLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * @param actor  who did it (token subject)
     * @param action what, e.g. {@code ak.pinned}
     * @param hostId the host concerned, or null
     * @param detail facts worth keeping (never secrets)
     */
    public void record(String actor, String action, UUID hostId, Map<String, ?> detail) {
        jdbc.sql("INSERT INTO audit_log (at, actor, action, host_id, detail) VALUES (:at, :actor, :action, :host, :detail::jsonb)")
                .param("at", Timestamp.from(clock.instant()))
                .param("actor", actor)
                .param("action", action)
                .param("host", hostId)
                .param("detail", JSON.writeValueAsString(detail))
                .update();
    }
}

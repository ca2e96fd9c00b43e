package dev.trustedcompute.attestationmanager.reaction;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox table. Entries are written in the same transaction as the decision that causes them, so a
 * decision and its reactions commit together; {@link OutboxRelay} delivers them afterwards.
 */
@Repository
public class Outbox {
    private final JdbcClient jdbc;

    public Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void enqueue(OutboxChannel channel, String hostId, String payload, Instant now) {
        jdbc.sql("""
                        insert into outbox (channel, host_id, payload, created_at, next_attempt_at)
                        values (:channel, :host, cast(:payload as jsonb), :now, :now)""")
                .param("channel", channel.name()).param("host", hostId).param("payload", payload)
                .param("now", Timestamp.from(now)).update();
    }

    /**
     * Locks the oldest due entry of the channel that is the first undelivered one of its node (so a node's
     * entries go strictly in order, and a failing head holds back only its own node). Entries locked by another
     * instance are skipped, so instances never deliver the same entry at once.
     */
    public Optional<OutboxEntry> lockNextDue(OutboxChannel channel, Instant now) {
        return jdbc.sql("""
                        select id, channel, host_id, payload::text as payload, attempts, created_at from outbox o
                        where channel = :channel and delivered_at is null and next_attempt_at <= :now
                          and not exists (select 1 from outbox p where p.channel = o.channel and p.host_id = o.host_id
                                          and p.delivered_at is null and p.id < o.id)
                        order by id limit 1 for update skip locked""")
                .param("channel", channel.name()).param("now", Timestamp.from(now))
                .query((rs, i) -> new OutboxEntry(rs.getLong("id"), OutboxChannel.valueOf(rs.getString("channel")),
                        rs.getString("host_id"), rs.getString("payload"), rs.getInt("attempts"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    public void delivered(long id, Instant now) {
        jdbc.sql("update outbox set delivered_at = :now, last_error = null where id = :id")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    public void retryLater(long id, int attempts, Instant nextAttempt, String error) {
        jdbc.sql("update outbox set attempts = :attempts, next_attempt_at = :next, last_error = :error where id = :id")
                .param("id", id).param("attempts", attempts).param("next", Timestamp.from(nextAttempt))
                .param("error", truncate(error)).update();
    }

    /** Closes the entry without delivery (it no longer blocks its node's later entries). */
    public void dropped(long id, Instant now, String error) {
        jdbc.sql("update outbox set delivered_at = :now, dropped = true, last_error = :error where id = :id")
                .param("id", id).param("now", Timestamp.from(now)).param("error", truncate(error)).update();
    }

    /** Undelivered entries per channel. */
    public Map<OutboxChannel, Long> backlog() {
        Map<OutboxChannel, Long> counts = new EnumMap<>(OutboxChannel.class);
        for (OutboxChannel channel : OutboxChannel.values()) {
            counts.put(channel, 0L);
        }
        jdbc.sql("select channel, count(*) from outbox where delivered_at is null group by channel")
                .query(rs -> {
                    counts.put(OutboxChannel.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }
}

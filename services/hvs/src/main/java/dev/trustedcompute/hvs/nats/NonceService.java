package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.hvs.config.HvsProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nonces for quotes: 32 random bytes, bound to one host and one purpose, accepted once before they expire.
 * Kept in PostgreSQL, so a nonce issued by one HVS instance is accepted by any other.
 */
@Service
public class NonceService {

    static final int NONCE_BYTES = 32;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration ttl;
    /** The PCR selections nonces are issued with, as JSON (a handful of distinct ones, written once each). */
    private final Map<Map<String, List<Integer>>, String> selectionJson = new ConcurrentHashMap<>();

    public NonceService(JdbcClient jdbc, SecureRandom random, Clock clock, HvsProperties properties) {
        this.jdbc = jdbc;
        this.random = random;
        this.clock = clock;
        this.ttl = properties.nonceTtl();
    }

    /** Whom a nonce belongs to, as a condition on {@code hosts h}: a host by HVS id ... */
    private static final String BY_ID = "h.id = :holder";
    /** ... or the onboarded host an agent's NATS subject names (no separate host look-up on the agent paths). */
    private static final String BY_ONBOARDED_AGENT = "h.nats_host_id = :holder AND h.ak_public IS NOT NULL";

    public IssuedNonce issue(UUID hostId, NoncePurpose purpose, Map<String, List<Integer>> pcrSelection) {
        return insert(BY_ID, hostId, purpose, pcrSelection)
                .orElseThrow(() -> new IllegalStateException("host " + hostId + " was deleted"));
    }

    /** A nonce for the agent of {@code hostId}; empty if no host with that NATS id has onboarded an AK. */
    public Optional<IssuedNonce> issueToAgent(HostId hostId, NoncePurpose purpose,
                                              Map<String, List<Integer>> pcrSelection) {
        return insert(BY_ONBOARDED_AGENT, hostId.value(), purpose, pcrSelection);
    }

    private Optional<IssuedNonce> insert(String holderCondition, Object holder, NoncePurpose purpose,
                                         Map<String, List<Integer>> pcrSelection) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Instant now = clock.instant();
        IssuedNonce issued = new IssuedNonce(nonce, now.plus(ttl));
        int inserted = jdbc.sql("""
                INSERT INTO nonces (nonce_sha256, host_id, purpose, pcr_selection, issued_at, expires_at)
                SELECT :key, h.id, :purpose, :selection::jsonb, :issuedAt, :expiresAt FROM hosts h WHERE\s"""
                        + holderCondition)
                .param("key", issued.extraData())
                .param("holder", holder)
                .param("purpose", purpose.name())
                .param("selection", selectionJson.computeIfAbsent(pcrSelection, JSON::writeValueAsString))
                .param("issuedAt", Timestamp.from(now))
                .param("expiresAt", Timestamp.from(issued.expiresAt()))
                .update();
        return inserted == 1 ? Optional.of(issued) : Optional.empty();
    }

    /**
     * Uses up {@code nonce} if HVS issued it to {@code hostId} for {@code purpose}, has not seen it used and it has
     * not expired. One UPDATE decides, so of two concurrent uses exactly one wins.
     *
     * @return whether the nonce was accepted
     */
    public boolean consume(UUID hostId, byte[] nonce, NoncePurpose purpose) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql(use(BY_ID))
                .param("now", now)
                .param("key", IssuedNonce.extraData(nonce))
                .param("holder", hostId)
                .param("purpose", purpose.name())
                .query(UUID.class).optional().isPresent();
    }

    /**
     * The UPDATE that uses up a nonce issued to the onboarded host an agent's NATS subject names, returning that
     * host's id; for statements that do more in the same step (an evidence push also queues its job). Parameters:
     * {@code :holder} the agent's NATS host id, {@code :key} SHA-256 of the nonce, {@code :purpose}, {@code :now}.
     */
    public static String useFromAgent() {
        return use(BY_ONBOARDED_AGENT);
    }

    private static String use(String holderCondition) {
        return """
                UPDATE nonces n SET used_at = :now FROM hosts h
                 WHERE n.host_id = h.id AND n.nonce_sha256 = :key AND n.purpose = :purpose
                   AND n.used_at IS NULL AND n.expires_at > :now AND\s""" + holderCondition + " RETURNING n.host_id";
    }

    /** Expired nonces are useless; used ones are kept until they would have expired (replays still find them). */
    @Scheduled(fixedDelayString = "${tc.hvs.nonce-purge-interval:PT10M}")
    public void purgeExpired() {
        jdbc.sql("DELETE FROM nonces WHERE expires_at < :now").param("now", Timestamp.from(clock.instant())).update();
    }
}

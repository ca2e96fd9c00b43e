package dev.trustedcompute.hvs.nats;

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
import java.util.UUID;

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

    public NonceService(JdbcClient jdbc, SecureRandom random, Clock clock, HvsProperties properties) {
        this.jdbc = jdbc;
        this.random = random;
        this.clock = clock;
        this.ttl = properties.nonceTtl();
    }

    public IssuedNonce issue(UUID hostId, NoncePurpose purpose, Map<String, List<Integer>> pcrSelection) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Instant now = clock.instant();
        IssuedNonce issued = new IssuedNonce(nonce, now.plus(ttl));
        jdbc.sql("""
                INSERT INTO nonces (nonce_sha256, host_id, purpose, pcr_selection, issued_at, expires_at)
                VALUES (:key, :host, :purpose, :selection::jsonb, :issuedAt, :expiresAt)""")
                .param("key", issued.extraData())
                .param("host", hostId)
                .param("purpose", purpose.name())
                .param("selection", JSON.writeValueAsString(pcrSelection))
                .param("issuedAt", Timestamp.from(now))
                .param("expiresAt", Timestamp.from(issued.expiresAt()))
                .update();
        return issued;
    }

    /**
     * Uses up {@code nonce} if HVS issued it to {@code hostId} for {@code purpose}, has not seen it used and it has
     * not expired. One UPDATE decides, so of two concurrent uses exactly one wins.
     *
     * @return whether the nonce was accepted
     */
    public boolean consume(UUID hostId, byte[] nonce, NoncePurpose purpose) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                UPDATE nonces SET used_at = :now
                 WHERE nonce_sha256 = :key AND host_id = :host AND purpose = :purpose
                   AND used_at IS NULL AND expires_at > :now""")
                .param("now", now)
                .param("key", IssuedNonce.extraData(nonce))
                .param("host", hostId)
                .param("purpose", purpose.name())
                .update() == 1;
    }

    /** Expired nonces are useless; used ones are kept until they would have expired (replays still find them). */
    @Scheduled(fixedDelayString = "${tc.hvs.nonce-purge-interval:PT10M}")
    public void purgeExpired() {
        jdbc.sql("DELETE FROM nonces WHERE expires_at < :now").param("now", Timestamp.from(clock.instant())).update();
    }
}

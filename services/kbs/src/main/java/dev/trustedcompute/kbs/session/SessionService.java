package dev.trustedcompute.kbs.session;

import dev.trustedcompute.kbs.KbsProperties;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/** Creates sessions with fresh nonces, hands each nonce out for one /attest only, and sweeps expired sessions. */
@Service
public class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    private static final int NONCE_BYTES = 32;

    private final SessionRepository repository;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration timeout;

    public SessionService(SessionRepository repository, SecureRandom random, Clock clock, KbsProperties properties) {
        this.repository = repository;
        this.random = random;
        this.clock = clock;
        this.timeout = properties.sessionTimeout();
    }

    public Session create(String tee) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        // a UUIDv4 in Trustee's simple form: 32 hex characters, version and variant bits set
        id[6] = (byte) ((id[6] & 0x0f) | 0x40);
        id[8] = (byte) ((id[8] & 0x3f) | 0x80);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Instant now = clock.instant();
        Session session = new Session(HexFormat.of().formatHex(id), tee, Base64.getEncoder().encodeToString(nonce),
                false, null, now.plus(timeout));
        repository.insert(session, now);
        return session;
    }

    public Optional<Session> find(String id) {
        return repository.find(id, clock.instant());
    }

    public Optional<Session> consumeNonce(String id) {
        return repository.consumeNonce(id, clock.instant());
    }

    public Optional<Session> consumeNonceByValue(String nonce) {
        return repository.consumeNonceByValue(nonce, clock.instant());
    }

    public void attested(Session session, String token) {
        repository.storeToken(session.id(), token);
    }

    /** Trustee sweeps every minute too; expired sessions are refused before they are swept. */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    public void sweep() {
        int removed = repository.deleteExpired(clock.instant());
        if (removed > 0) {
            log.debug("removed {} expired RCAR sessions", removed);
        }
    }
}

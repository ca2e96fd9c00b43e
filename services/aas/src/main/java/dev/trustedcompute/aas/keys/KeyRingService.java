package dev.trustedcompute.aas.keys;

import com.nimbusds.jose.jwk.JWKSet;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.io.IOException;
import dev.trustedcompute.servicekit.identity.Pem;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Owns the signing key ring: creates the first key at start, rotates, and keeps an in-memory copy of the ring
 * stored in the database. Creation and rotation hold a database advisory lock, so replicas do not race.
 * A rotation retires the active key with {@code retainUntil = now + token lifetime + clock skew}.
 */
public class KeyRingService {

    private static final Logger log = LoggerFactory.getLogger(KeyRingService.class);
    /** Least time between two database reloads (unknown kid in a token, or JWKS requests). */
    private static final Duration RELOAD_THROTTLE = Duration.ofSeconds(5);

    private final SigningKeyRepository repository;
    private final SigningKeyFactory factory;
    private final PrivateKeyCodec codec;
    private final SigningCertificates certificates;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration retention;
    private final Duration rotationInterval;

    private volatile SigningKeyRing ring;
    private volatile Instant lastReload = Instant.EPOCH;

    public KeyRingService(SigningKeyRepository repository, SigningKeyFactory factory, PrivateKeyCodec codec,
                          SigningCertificates certificates, TransactionTemplate tx, Clock clock,
                          Duration tokenLifetime, Duration clockSkew, Duration rotationInterval) {
        this.repository = repository;
        this.factory = factory;
        this.codec = codec;
        this.certificates = certificates;
        this.tx = tx;
        this.clock = clock;
        this.retention = tokenLifetime.plus(clockSkew);
        this.rotationInterval = rotationInterval;
    }

    /** Loads the ring, creating the first key when there is none. Called once at start, before serving. */
    public void initialize() {
        ring = tx.execute(status -> {
            repository.lock();
            Optional<SigningKeyRing> stored = load();
            if (stored.isPresent()) {
                return stored.get();
            }
            SigningKey first = newKey(clock.instant(), null);
            log.info("created first JWT signing key kid={}", first.kid());
            return new SigningKeyRing(first, List.of());
        });
        lastReload = clock.instant();
    }

    /** The ring in force (active key signs; retiring keys still verify). */
    public SigningKeyRing ring() {
        SigningKeyRing current = ring;
        if (current == null) {
            throw new IllegalStateException("key ring not initialized");
        }
        return current.pruned(clock.instant());
    }

    /**
     * The ring as published (JWKS, certificates): re-read from the database when the copy in memory is older than
     * a few seconds, so every replica publishes a key another replica has just made active.
     */
    public SigningKeyRing publishedRing() {
        if (clock.instant().isAfter(lastReload.plus(RELOAD_THROTTLE))) {
            reload();
        }
        return ring();
    }

    public JWKSet publicJwkSet() {
        return publishedRing().publicJwkSet();
    }

    /** The key with this kid; on a miss the ring is reloaded (another replica may have rotated), throttled. */
    public Optional<SigningKey> find(String kid) {
        Optional<SigningKey> key = ring().find(kid);
        if (key.isEmpty() && clock.instant().isAfter(lastReload.plus(RELOAD_THROTTLE))) {
            reload();
            key = ring().find(kid);
        }
        return key;
    }

    /** Re-reads the ring from the database and drops keys whose retention has passed. */
    public void reload() {
        tx.executeWithoutResult(status -> {
            repository.deleteExpired(clock.instant());
            load().ifPresent(loaded -> ring = loaded);
        });
        lastReload = clock.instant();
    }

    /** Makes a new active key; the previous one stays in the JWKS until its tokens have expired. */
    public SigningKeyRing rotate() {
        ring = tx.execute(status -> {
            repository.lock();
            SigningKeyRing current = load().orElseThrow(() -> new IllegalStateException("no signing key stored"));
            return rotate(current);
        });
        return ring();
    }

    /** Rotates when the active key is older than the rotation interval; then reloads. For the scheduler. */
    public void rotateIfDue() {
        reload();
        if (clock.instant().isBefore(ring().active().createdAt().plus(rotationInterval))) {
            return;
        }
        ring = tx.execute(status -> {
            repository.lock();
            SigningKeyRing current = load().orElseThrow(() -> new IllegalStateException("no signing key stored"));
            // Another replica may have rotated while we waited for the lock.
            if (clock.instant().isBefore(current.active().createdAt().plus(rotationInterval))) {
                return current;
            }
            return rotate(current);
        });
    }

    private SigningKeyRing rotate(SigningKeyRing current) {
        Instant now = clock.instant();
        Instant retainUntil = now.plus(retention);
        repository.retire(current.active().kid(), now, retainUntil);
        SigningKey next = newKey(now, current);
        repository.deleteExpired(now);
        log.info("rotated JWT signing key: active kid={}, retired kid={} kept until {}", next.kid(),
                current.active().kid(), retainUntil);
        return current.rotate(next, now, retainUntil);
    }

    private SigningKey newKey(Instant now, SigningKeyRing current) {
        KeyPair keyPair = factory.newKeyPair();
        List<X509Certificate> chain = certificates.issue(keyPair, now, current);
        String kid = SigningKey.thumbprint((ECPublicKey) keyPair.getPublic());
        repository.insert(new SigningKeyRepository.StoredKey(kid, SigningKey.ALGORITHM.getName(),
                codec.encrypt(keyPair.getPrivate()), Pem.encode(chain), now, null, null));
        return new SigningKey(kid, keyPair, chain, now, null, null);
    }

    private Optional<SigningKeyRing> load() {
        Instant now = clock.instant();
        SigningKey active = null;
        List<SigningKey> retiring = new ArrayList<>();
        for (SigningKeyRepository.StoredKey stored : repository.all()) {
            if (stored.retainUntil() != null && !now.isBefore(stored.retainUntil())) {
                continue;
            }
            SigningKey key = known(stored.kid())
                    .map(k -> new SigningKey(k.kid(), k.keyPair(), k.chain(), k.createdAt(), stored.retiredAt(),
                            stored.retainUntil()))
                    .orElseGet(() -> decode(stored));
            if (key.active()) {
                active = key;
            } else {
                retiring.add(key);
            }
        }
        if (active == null) {
            if (!retiring.isEmpty()) {
                throw new SigningKeyException("signing_keys has retired keys but no active key", null);
            }
            return Optional.empty();
        }
        return Optional.of(new SigningKeyRing(active, retiring));
    }

    /** A key already decrypted in memory: reloads only decrypt keys they have not seen (PBKDF2 is slow on purpose). */
    private Optional<SigningKey> known(String kid) {
        SigningKeyRing current = ring;
        return current == null ? Optional.empty() : current.find(kid);
    }

    private SigningKey decode(SigningKeyRepository.StoredKey stored) {
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(stored.certificateChainPem());
        } catch (IOException e) {
            throw new SigningKeyException("stored certificate chain of signing key " + stored.kid()
                    + " is unreadable: " + e.getMessage(), e);
        }
        PrivateKey privateKey;
        try {
            privateKey = codec.decrypt(stored.encryptedKey());
        } catch (GeneralSecurityException e) {
            throw new SigningKeyException("cannot decrypt signing key " + stored.kid()
                    + ": is tc.aas.signing.key-passphrase (TC_AAS_SIGNING_KEY_PASSPHRASE) the one it was stored with? "
                    + e.getMessage(), e);
        }
        KeyPair keyPair = new KeyPair(chain.getFirst().getPublicKey(), privateKey);
        String kid = SigningKey.thumbprint((ECPublicKey) keyPair.getPublic());
        if (!kid.equals(stored.kid())) {
            throw new SigningKeyException("stored signing key " + stored.kid() + " has a certificate for key " + kid, null);
        }
        return new SigningKey(stored.kid(), keyPair, chain, stored.createdAt(), stored.retiredAt(), stored.retainUntil());
    }
}

package dev.trustedcompute.aas.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys AAS publishes: the active key signs new tokens; retiring keys only verify tokens signed before the
 * last rotation, until their {@code retainUntil} (rotation time + max token lifetime + clock skew).
 */
public record SigningKeyRing(SigningKey active, List<SigningKey> retiring) {

    public SigningKeyRing {
        retiring = List.copyOf(retiring);
        if (!active.active() || retiring.stream().anyMatch(SigningKey::active)) {
            throw new IllegalArgumentException("ring needs exactly one active key");
        }
    }

    /** All keys, active first. */
    public List<SigningKey> keys() {
        List<SigningKey> all = new ArrayList<>(retiring.size() + 1);
        all.add(active);
        all.addAll(retiring);
        return all;
    }

    public Optional<SigningKey> find(String kid) {
        return keys().stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    /** The public JWK set (active, then retiring keys); private parts never leave. */
    public JWKSet publicJwkSet() {
        List<JWK> jwks = keys().stream().<JWK>map(SigningKey::publicJwk).toList();
        return new JWKSet(jwks);
    }

    /** New ring after {@code next} becomes active at {@code now}; the old active key is kept until {@code retainUntil}. */
    public SigningKeyRing rotate(SigningKey next, Instant now, Instant retainUntil) {
        List<SigningKey> keep = new ArrayList<>();
        keep.add(active.retire(now, retainUntil));
        keep.addAll(retiring);
        return new SigningKeyRing(next, keep).pruned(now);
    }

    /** Drops retiring keys whose retention has passed at {@code now}. */
    public SigningKeyRing pruned(Instant now) {
        return new SigningKeyRing(active, retiring.stream().filter(k -> now.isBefore(k.retainUntil())).toList());
    }
}

package dev.trustedcompute.kbs.ear;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The tokens this KBS process signed lately, by SHA-256 of their exact text, so that their verification for a
 * resource (usually right after the attestation that issued them) can skip re-checking our own signature and
 * header (only the payload is read, and the signing key must still be one of ours): in
 * memory only, never the database, so a token altered at rest or made elsewhere misses and is verified in full.
 * Bounded: the oldest beyond {@link #CAPACITY} are forgotten (and then verified in full).
 */
@Component
public class IssuedTokens {

    static final int CAPACITY = 20_000;

    /** SHA-256 of a token's exact text to the kid of the key that signed it. */
    private final Map<String, String> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    };

    public synchronized void add(String token, String kid) {
        recent.put(digest(token), kid);
    }

    /** The kid of the key this process signed {@code token} with; empty if it did not sign exactly this text. */
    public synchronized Optional<String> signingKeyOf(String token) {
        return Optional.ofNullable(recent.get(digest(token)));
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}

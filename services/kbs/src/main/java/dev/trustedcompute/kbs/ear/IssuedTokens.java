package dev.trustedcompute.kbs.ear;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The tokens this KBS process signed lately, by SHA-256 of their exact text, so that their verification for a
 * resource (usually right after the attestation that issued them) can skip re-checking our own signature: in
 * memory only, never the database, so a token altered at rest or made elsewhere misses and is verified in full.
 * Bounded: the oldest beyond {@link #CAPACITY} are forgotten (and then verified in full).
 */
@Component
public class IssuedTokens {

    static final int CAPACITY = 20_000;

    private final Map<String, Boolean> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    public synchronized void add(String token) {
        recent.put(digest(token), Boolean.TRUE);
    }

    public synchronized boolean contains(String token) {
        return recent.containsKey(digest(token));
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

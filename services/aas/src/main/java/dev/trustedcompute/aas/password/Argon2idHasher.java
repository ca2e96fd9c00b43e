package dev.trustedcompute.aas.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters.Builder;

/**
 * Argon2id password hashing (RFC 9106, version 0x13) with Bouncy Castle, in the PHC string format used by the
 * reference implementation and libsodium:
 *
 * <pre>$argon2id$v=19$m=&lt;KiB&gt;,t=&lt;iterations&gt;,p=&lt;lanes&gt;$&lt;salt, base64 no padding&gt;$&lt;hash, base64 no padding&gt;</pre>
 *
 * Salt is 16 random bytes per hash, output 32 bytes. Parameters travel with the hash, so {@link #verify} works
 * for hashes made under older settings and {@link #needsRehash} tells when to upgrade one.
 */
public final class Argon2idHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,88})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Argon2Parameters parameters;
    private final SecureRandom random;

    public Argon2idHasher(Argon2Parameters parameters, SecureRandom random) {
        this.parameters = parameters;
        this.random = random;
    }

    public Argon2Parameters parameters() {
        return parameters;
    }

    /** Hashes with a fresh salt and the configured parameters. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, parameters, HASH_BYTES);
        return "$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s".formatted(parameters.memoryKib(), parameters.iterations(),
                parameters.parallelism(), B64.encodeToString(salt), B64.encodeToString(hash));
    }

    /**
     * Constant-time comparison of the password's hash with the stored one. A stored value that is not an Argon2id
     * PHC string never verifies (it is a bug or tampering, not a reason to accept or to crash).
     */
    public boolean verify(String password, String stored) {
        Matcher m = PHC.matcher(stored);
        if (!m.matches()) {
            return false;
        }
        Argon2Parameters p;
        try {
            p = new Argon2Parameters(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
        } catch (IllegalArgumentException outOfRange) {
            return false;
        }
        byte[] salt = B64D.decode(m.group(4));
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = derive(password, salt, p, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** True when the stored hash was made with other parameters than the configured ones (or is not Argon2id). */
    public boolean needsRehash(String stored) {
        Matcher m = PHC.matcher(stored);
        return !m.matches()
                || Integer.parseInt(m.group(1)) != parameters.memoryKib()
                || Integer.parseInt(m.group(2)) != parameters.iterations()
                || Integer.parseInt(m.group(3)) != parameters.parallelism();
    }

    private static byte[] derive(String password, byte[] salt, Argon2Parameters p, int length) {
        var generator = new Argon2BytesGenerator();
        generator.init(new Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        try {
            generator.generateBytes(pw, out);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
        return out;
    }
}

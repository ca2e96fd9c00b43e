package dev.trustedcompute.aas.password;

/**
 * Argon2id cost parameters, stored with every hash so they can be raised later without breaking old hashes.
 *
 * @param memoryKib   memory in KiB (RFC 9106 "m"); OWASP minimum for Argon2id is 19456 (19 MiB)
 * @param iterations  passes over memory (RFC 9106 "t")
 * @param parallelism lanes (RFC 9106 "p")
 */
public record Argon2Parameters(int memoryKib, int iterations, int parallelism) {

    /** OWASP Password Storage Cheat Sheet baseline: m=19 MiB, t=2, p=1. */
    public static final Argon2Parameters OWASP_MINIMUM = new Argon2Parameters(19_456, 2, 1);

    public Argon2Parameters {
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("parallelism must be 1..16, was " + parallelism);
        }
        if (iterations < 1 || iterations > 64) {
            throw new IllegalArgumentException("iterations must be 1..64, was " + iterations);
        }
        // RFC 9106: m >= 8 * p; the upper bound keeps a hostile stored hash from exhausting the heap.
        if (memoryKib < 8 * parallelism || memoryKib > 4 * 1024 * 1024) {
            throw new IllegalArgumentException("memoryKib must be 8*p..4194304, was " + memoryKib);
        }
    }
}

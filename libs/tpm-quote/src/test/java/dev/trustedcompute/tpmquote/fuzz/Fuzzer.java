package dev.trustedcompute.tpmquote.fuzz;

import static org.assertj.core.api.Assertions.fail;

import dev.trustedcompute.tpmquote.EvidenceException;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The library's one fuzz engine: seeded mutations of captured inputs, run against a parser (or a parse-and-verify
 * pipeline) for a bounded budget, failing on anything but the library's documented exceptions. Deterministic for a
 * given target name and budget; a failure names the iteration and the mutation and writes the input to
 * {@code target/fuzz-failures/} so it can be replayed.
 *
 * <p>Budget per target: {@value #DEFAULT_MILLIS} ms (at most {@value #MAX_ITERATIONS} inputs), or
 * {@code -Dtpmquote.fuzz.millis=N} for a longer run, e.g. {@code ./mvnw -pl libs/tpm-quote test
 * -Dtest=ParserFuzzTest -Dtpmquote.fuzz.millis=60000}.
 */
public final class Fuzzer {

    static final long DEFAULT_MILLIS = 500;
    static final int MAX_ITERATIONS = 20_000;
    private static final int[] INTERESTING_BYTES = {0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe, 0xff, '"', '\\', '{', '}', '[',
        ']', ',', ':', '-', '0', '9', 'e', '.', '=', '\n'};
    private static final long[] INTERESTING_INTS = {0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
        0x7fffffffL, 0x80000000L, 0xffffffffL};

    /** What may escape a target besides success. */
    public enum Allowed {
        /** A parser: only {@link EvidenceFormatException}. */
        FORMAT,
        /** Parse then verify: {@link EvidenceFormatException} or {@link VerificationException}. */
        FORMAT_OR_VERIFICATION
    }

    /** The code under test. */
    @FunctionalInterface
    public interface Target {
        void run(byte[] input) throws EvidenceException;
    }

    /** What a run did: how many inputs, and how they ended. */
    public record Report(int iterations, int accepted, int formatErrors, int verificationErrors) {
    }

    private Fuzzer() {
    }

    /** Every strict prefix of {@code seed} must be refused with {@link EvidenceFormatException} (all of them). */
    public static void assertEveryPrefixRejected(String name, byte[] seed, Target target) {
        for (int length = 0; length < seed.length; length++) {
            byte[] prefix = Arrays.copyOf(seed, length);
            try {
                target.run(prefix);
            } catch (EvidenceFormatException expected) {
                continue;
            } catch (EvidenceException | RuntimeException | Error e) {
                failWith(name, "prefix of " + length + " bytes", prefix, e);
            }
            failWith(name, "prefix of " + length + " bytes was accepted", prefix, null);
        }
    }

    /** Runs {@code target} on seeded mutations of {@code seeds} for the configured budget. */
    public static Report run(String name, List<byte[]> seeds, Target target, Allowed allowed) {
        long millis = Long.getLong("tpmquote.fuzz.millis", DEFAULT_MILLIS);
        Random random = new Random(name.hashCode());
        long deadline = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        int iterations = 0;
        int accepted = 0;
        int format = 0;
        int verification = 0;
        while (iterations < MAX_ITERATIONS && (iterations < 50 || System.nanoTime() < deadline)) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            StringBuilder how = new StringBuilder();
            byte[] input = mutate(seed, seeds, random, how);
            iterations++;
            try {
                target.run(input);
                accepted++;
            } catch (EvidenceException e) {
                // sealed: EvidenceFormatException or VerificationException
                if (e instanceof EvidenceFormatException) {
                    format++;
                } else if (allowed == Allowed.FORMAT_OR_VERIFICATION) {
                    verification++;
                } else {
                    failWith(name, "iteration " + iterations + " (" + how + ")", input, e);
                }
            } catch (RuntimeException | Error e) {
                failWith(name, "iteration " + iterations + " (" + how + ")", input, e);
            }
        }
        return new Report(iterations, accepted, format, verification);
    }

    /** One to three stacked mutations; {@code how} records them for the failure message. */
    static byte[] mutate(byte[] seed, List<byte[]> seeds, Random random, StringBuilder how) {
        byte[] b = seed.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            if (b.length == 0) {
                b = new byte[] {(byte) random.nextInt(256)};
                how.append("byte;");
                continue;
            }
            int at = random.nextInt(b.length);
            switch (random.nextInt(8)) {
                case 0 -> {
                    b[at] ^= (byte) (1 + random.nextInt(255));
                    how.append("flip@").append(at).append(';');
                }
                case 1 -> {
                    b[at] = (byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                    how.append("byte@").append(at).append(';');
                }
                case 2 -> {
                    long v = random.nextInt(4) == 0 ? b.length + random.nextInt(3) - 1
                            : INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
                    int width = random.nextBoolean() ? 2 : 4;
                    boolean bigEndian = random.nextBoolean();
                    for (int i = 0; i < width && at + i < b.length; i++) {
                        int shift = 8 * (bigEndian ? width - 1 - i : i);
                        b[at + i] = (byte) (v >>> shift);
                    }
                    how.append("int").append(width * 8).append(bigEndian ? "be@" : "le@").append(at).append(';');
                }
                case 3 -> {
                    int n = Math.min(1 + random.nextInt(16), b.length - at);
                    byte[] out = new byte[b.length - n];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + n, out, at, b.length - at - n);
                    b = out;
                    how.append("delete").append(n).append('@').append(at).append(';');
                }
                case 4 -> {
                    int n = Math.min(1 + random.nextInt(16), b.length - at);
                    byte[] out = new byte[b.length + n];
                    System.arraycopy(b, 0, out, 0, at + n);
                    System.arraycopy(b, at, out, at + n, b.length - at);
                    b = out;
                    how.append("duplicate").append(n).append('@').append(at).append(';');
                }
                case 5 -> {
                    b = Arrays.copyOf(b, at);
                    how.append("truncate@").append(at).append(';');
                }
                case 6 -> {
                    int n = 1 + random.nextInt(8);
                    byte[] out = Arrays.copyOf(b, b.length + n);
                    for (int i = b.length; i < out.length; i++) {
                        out[i] = (byte) random.nextInt(256);
                    }
                    b = out;
                    how.append("append").append(n).append(';');
                }
                default -> {
                    byte[] other = seeds.get(random.nextInt(seeds.size()));
                    int from = random.nextInt(other.length + 1);
                    byte[] out = Arrays.copyOf(b, at + other.length - from);
                    System.arraycopy(other, from, out, at, other.length - from);
                    b = out;
                    how.append("splice@").append(at).append(';');
                }
            }
        }
        return b;
    }

    private static void failWith(String name, String what, byte[] input, Throwable e) {
        Path dir = Path.of("target", "fuzz-failures");
        Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + Integer.toHexString(Arrays.hashCode(input))
                + ".bin");
        try {
            Files.createDirectories(dir);
            Files.write(file, input);
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        String shown = input.length <= 256 ? Base64.getEncoder().encodeToString(input)
                : new String(Base64.getEncoder().encode(Arrays.copyOf(input, 256)), StandardCharsets.US_ASCII) + "...";
        fail(name + ": " + what + (e == null ? "" : " threw " + e) + "; input (" + input.length + " bytes) saved to "
                + file + ": " + shown, e);
    }
}

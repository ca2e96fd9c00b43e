package dev.trustedcompute.loadgen.stats;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What a load run observed: a latency histogram per operation (microseconds, 3 significant digits, up to 10 min),
 * counters, and errors by kind. Thread-safe; operations and kinds are created on first use.
 */
public final class Measurements {
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** Records that {@code operation} took {@code nanos} and counts it. */
    public void latency(String operation, long nanos) {
        latencies.computeIfAbsent(operation, k -> new ConcurrentHistogram(MAX_MICROS, 3))
                .recordValue(Math.min(MAX_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }

    public void count(String counter) {
        counters.computeIfAbsent(counter, k -> new LongAdder()).increment();
    }

    public void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public long counter(String counter) {
        LongAdder a = counters.get(counter);
        return a == null ? 0 : a.sum();
    }

    /** How many times {@code operation}'s latency was recorded. */
    public long completed(String operation) {
        Histogram h = latencies.get(operation);
        return h == null ? 0 : h.getTotalCount();
    }

    public Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Forgets everything recorded so far (after a warm-up); callers make sure nothing is being recorded meanwhile. */
    public void reset() {
        latencies.clear();
        counters.clear();
        errors.clear();
    }

    /** Prints one line per operation (throughput over {@code seconds}, p50/p99/p99.9/max in ms), counters, errors. */
    public void print(PrintStream out, double seconds) {
        out.printf("%-22s %9s %9s %9s %9s %9s %9s%n", "operation", "count", "per s", "p50 ms", "p99 ms", "p99.9 ms",
                "max ms");
        new TreeMap<>(latencies).forEach((op, h) -> out.printf("%-22s %9d %9.1f %9.2f %9.2f %9.2f %9.2f%n", op,
                h.getTotalCount(), h.getTotalCount() / seconds, ms(h, 50), ms(h, 99), ms(h, 99.9),
                h.getMaxValue() / 1000.0));
        new TreeMap<>(counters).forEach((name, v) -> out.printf("%-22s %9d%n", name, v.sum()));
        out.println("errors: " + (errors.isEmpty() ? "none" : errors()));
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}

package dev.trustedcompute.trustagent.cc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller (the peer's user id on the Unix socket): {@code capacity} requests at once, refilled
 * at {@code perSecond}. Buckets of callers not seen for a while are dropped oldest-first beyond
 * {@link #MAX_CALLERS}, so many distinct callers cannot grow the map without bound.
 */
public final class RateLimiter {

    static final int MAX_CALLERS = 4096;

    private final double capacity;
    private final double perNano;
    private final LongSupplier nanoTime;
    private final Map<String, double[]> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > MAX_CALLERS;
        }
    };

    public RateLimiter(int capacity, double perSecond, LongSupplier nanoTime) {
        if (capacity < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("rate limit needs capacity >= 1 and a positive refill rate");
        }
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.nanoTime = nanoTime;
    }

    /** Takes one token from {@code caller}'s bucket; false when it is empty. */
    public synchronized boolean tryAcquire(String caller) {
        long now = nanoTime.getAsLong();
        double[] bucket = buckets.computeIfAbsent(caller, c -> new double[] {capacity, now});
        bucket[0] = Math.min(capacity, bucket[0] + (now - (long) bucket[1]) * perNano);
        bucket[1] = now;
        if (bucket[0] < 1) {
            return false;
        }
        bucket[0] -= 1;
        return true;
    }
}

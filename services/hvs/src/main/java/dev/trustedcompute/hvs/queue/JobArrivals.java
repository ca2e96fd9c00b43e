package dev.trustedcompute.hvs.queue;

import dev.trustedcompute.hvs.AfterCommit;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Wakes this instance's idle workers when a job is queued here, so a pushed report does not wait for the next
 * poll. Jobs queued by another instance are still found by the poll ({@code tc.hvs.queue.poll-interval}).
 */
@Component
public class JobArrivals {

    private long arrivals;

    /** After the surrounding transaction commits (a worker could not see the job before), or now without one. */
    void announceAfterCommit() {
        AfterCommit.run(this::announce);
    }

    synchronized void announce() {
        arrivals++;
        notifyAll();
    }

    /** A mark to pass to {@link #awaitAfter}: take it before looking for jobs, so no arrival is missed. */
    synchronized long mark() {
        return arrivals;
    }

    /** Returns when a job arrived after {@code mark}, or after {@code timeout}. */
    synchronized void awaitAfter(long mark, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (arrivals == mark && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
    }
}

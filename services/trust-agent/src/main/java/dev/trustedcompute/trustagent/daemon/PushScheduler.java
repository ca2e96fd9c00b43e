package dev.trustedcompute.trustagent.daemon;

import dev.trustedcompute.agentprotocol.PushReason;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.state.PolicyRecord;
import dev.trustedcompute.trustagent.state.PushRecord;
import dev.trustedcompute.trustagent.state.StateDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * When the agent pushes evidence: on boot (the boot id or TPM resetCount differs from the last acknowledged push),
 * then every poll duration after the last acknowledged push; a failed push is retried after the retry interval
 * with the same reason. A policy-update changes the poll duration at once, without a restart, and is kept in the
 * state directory. All scheduling runs on one thread, so pushes never overlap.
 */
public final class PushScheduler implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PushScheduler.class.getName());

    /** Pushes evidence and returns what HVS acknowledged. */
    @FunctionalInterface
    public interface Pusher {
        PushRecord push(PushReason reason) throws AgentException;
    }

    /** What the node looks like now: its boot id and the TPM's resetCount. */
    public record BootState(String bootId, long resetCount) {
    }

    private final Pusher pusher;
    private final StateDirectory state;
    private final Clock clock;
    private final Duration minute;
    private final Duration retryInterval;
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "evidence-push");
        t.setDaemon(true);
        return t;
    });

    private volatile int pollMinutes;
    private volatile Instant lastPush;
    private volatile Instant nextPush;
    private ScheduledFuture<?> next;
    private PushReason nextReason;

    /**
     * @param defaultPollMinutes the poll duration unless a policy-update set another (kept in the state directory)
     * @param minute             the length of one poll-duration minute: one minute, except in tests
     */
    public PushScheduler(Pusher pusher, StateDirectory state, Clock clock, int defaultPollMinutes, Duration minute,
                         Duration retryInterval) throws AgentException {
        this.pusher = pusher;
        this.state = state;
        this.clock = clock;
        this.minute = minute;
        this.retryInterval = retryInterval;
        // on close, a push in flight may finish (and be recorded); planned ones are dropped
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.pollMinutes = state.readJson(PolicyRecord.FILE, PolicyRecord.class).map(PolicyRecord::pollDurationMinutes)
                .orElse(new PolicyRecord(defaultPollMinutes).pollDurationMinutes());
    }

    /** Plans the first push: BOOT now when the node booted since the last acknowledged push, else on schedule. */
    public void start(BootState now) throws AgentException {
        Optional<PushRecord> last = state.readJson(PushRecord.FILE, PushRecord.class);
        executor.execute(() -> {
            if (last.isEmpty() || last.get().bootedSince(now.bootId(), now.resetCount())) {
                LOG.log(System.Logger.Level.INFO, "boot detected (boot id {0}, TPM resetCount {1}): pushing evidence",
                        now.bootId(), now.resetCount());
                plan(PushReason.BOOT, clock.instant());
            } else {
                lastPush = last.get().pushedAt();
                plan(PushReason.SCHEDULE, lastPush.plus(poll()));
            }
        });
    }

    /** Applies a policy-update: the next scheduled push moves to last push + the new duration. */
    public void changePollDuration(int minutes) {
        PolicyRecord policy = new PolicyRecord(minutes);
        executor.execute(() -> {
            try {
                state.writeJson(PolicyRecord.FILE, policy);
            } catch (AgentException e) {
                LOG.log(System.Logger.Level.WARNING, "poll duration {0} min applied but not saved: {1}", minutes,
                        e.getMessage());
            }
            pollMinutes = minutes;
            LOG.log(System.Logger.Level.INFO, "poll duration is now {0} min", minutes);
            if (nextReason == PushReason.SCHEDULE) {
                plan(PushReason.SCHEDULE, (lastPush == null ? clock.instant() : lastPush).plus(poll()));
            }
        });
    }

    public int pollDurationMinutes() {
        return pollMinutes;
    }

    public Optional<Instant> lastPush() {
        return Optional.ofNullable(lastPush);
    }

    public Optional<Instant> nextPush() {
        return Optional.ofNullable(nextPush);
    }

    private Duration poll() {
        return minute.multipliedBy(pollMinutes);
    }

    /** On the scheduler thread only. */
    private void plan(PushReason reason, Instant at) {
        if (executor.isShutdown()) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        nextReason = reason;
        nextPush = at;
        next = executor.schedule(() -> run(reason), delay, TimeUnit.MILLISECONDS);
    }

    private void run(PushReason reason) {
        try {
            PushRecord record = pusher.push(reason);
            state.writeJson(PushRecord.FILE, record);
            lastPush = record.pushedAt();
            LOG.log(System.Logger.Level.INFO, "{0} evidence accepted by HVS (job {1})", reason, record.jobId());
            plan(PushReason.SCHEDULE, lastPush.plus(poll()));
        } catch (AgentException | RuntimeException e) {
            Duration wait = retryInterval.compareTo(poll()) < 0 ? retryInterval : poll();
            LOG.log(System.Logger.Level.WARNING, "{0} push failed, retrying in {1}: {2}", reason, wait,
                    e.getMessage());
            plan(reason, clock.instant().plus(wait));
        }
    }

    /** Lets a push in flight finish (bounded by its NATS timeouts), drops planned ones. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(45, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

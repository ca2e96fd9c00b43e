package dev.trustedcompute.loadgen.agents;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.loadgen.http.JsonHttp;
import dev.trustedcompute.loadgen.stats.Measurements;
import dev.trustedcompute.loadgen.stats.ProcessCpu;
import dev.trustedcompute.loadgen.tpm.AkAlgorithm;
import dev.trustedcompute.loadgen.tpm.SoftTpm;
import dev.trustedcompute.loadgen.tpm.SyntheticEventLog;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code agents} load: create N software TPMs, onboard each with HVS (REST, MakeCredential/ActivateCredential),
 * connect each to NATS, wait for the report of its registration, then push evidence at {@code rate} per second
 * (round robin over the agents) for {@code duration}, and wait up to {@code drain} for the reports of every accepted
 * push and answered quote request. Reports are counted from HVS's report stream on JetStream
 * ({@code hvs.reports.<hostId>}) through an ordered consumer: it survives a NATS restart (it resumes after the last
 * report it saw) and sees each report once (the stream drops HVS's outbox republishes by message id).
 */
public final class AgentsRun {

    /**
     * What to run. {@code hostPrefix} + index names the hosts; {@code pids} are reported for CPU, per report beside
     * {@code rawCryptoMicros} (the JMH cost of one report's signatures) when that is not {@code null}; the same load
     * runs for {@code warmup} first, and is drained and forgotten before the measured phase.
     */
    public record Settings(String hvsUrl, String natsUrl, String subjectPrefix, String token, int agents, double rate,
                           Duration duration, Duration drain, AkAlgorithm akAlgorithm, String hostPrefix,
                           int onboardConcurrency, Map<String, Long> pids, Double rawCryptoMicros, Duration warmup) {

        public Settings(String hvsUrl, String natsUrl, String subjectPrefix, String token, int agents, double rate,
                        Duration duration, Duration drain, AkAlgorithm akAlgorithm, String hostPrefix,
                        int onboardConcurrency, Map<String, Long> pids) {
            this(hvsUrl, natsUrl, subjectPrefix, token, agents, rate, duration, drain, akAlgorithm, hostPrefix,
                    onboardConcurrency, pids, null, Duration.ZERO);
        }
    }

    /**
     * What happened in the load phase. {@code sent} = pushes sent + quote replies; {@code accepted} = pushes HVS
     * acknowledged; {@code expected} = accepted + quote replies (each should end in one report); {@code lost} =
     * expected - reported, never negative.
     */
    public record Result(long sent, long accepted, long quoteReplies, long reported, long lost, long errors,
                         Map<String, Long> errorsByKind, double seconds) {
    }

    /** Something done to the system under load (a fault test's restart or kill), {@code after} the load starts. */
    public record Disruption(Duration after, String description, Runnable action) {
    }

    /**
     * The report consumer's idle heartbeat: after a NATS restart the ordered consumer notices its consumer is gone
     * after three missed heartbeats and recreates it (jnats' default 5 s would hold reports back for ~20 s).
     */
    private static final Duration MONITOR_HEARTBEAT = Duration.ofSeconds(1);

    private final Settings s;
    private final Measurements m = new Measurements();
    private final PrintStream out;

    public AgentsRun(Settings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    /** Pushes at {@code rate}, round robin over {@code agents}, until the returned ticker is shut down. */
    private ScheduledExecutorService startPushing(List<SimulatedAgent> agents, ExecutorService workers) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> agents.get(Math.floorMod(next.getAndIncrement(), agents.size())).push(workers),
                0, Math.max(1, (long) (1e9 / s.rate())), TimeUnit.NANOSECONDS);
        return ticker;
    }

    /** Waits (at most 10 s) until every push sent was acknowledged, refused or timed out. */
    private void awaitInFlight(long errorsBefore) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (m.counter("pushes-sent") > m.counter("pushes-accepted") + m.errorCount() - errorsBefore
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Waits until {@code reported} reaches {@code expected} or {@code timeout} passes. */
    private static void awaitReports(java.util.function.LongSupplier reported, java.util.function.LongSupplier expected,
            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (reported.getAsLong() < expected.getAsLong() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    public Result run() throws Exception {
        return run(List.of());
    }

    /** Runs the load with {@code disruptions} happening during its load phase (each on its own thread). */
    public Result run(List<Disruption> disruptions) throws Exception {
        Subjects subjects = new Subjects(s.subjectPrefix());
        SyntheticEventLog log = SyntheticEventLog.of("loadgen workload");
        SecureRandom random = new SecureRandom();
        List<SimulatedAgent> agents = new ArrayList<>();
        Map<String, SimulatedAgent> byHost = new ConcurrentHashMap<>();
        AtomicInteger reports = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(2, s.onboardConcurrency()));
        try (Connection monitor = Nats.connectReconnectOnConnect(Options.builder().server(s.natsUrl())
                .connectionName("loadgen-monitor").maxReconnects(-1).reconnectWait(Duration.ofMillis(500)).build())) {
            monitor.jetStream().subscribe(subjects.allReports(), monitor.createDispatcher(), msg -> {
                long now = System.nanoTime();
                reports.incrementAndGet();
                String subject = msg.getSubject();
                SimulatedAgent agent = byHost.get(subject.substring(subject.lastIndexOf('.') + 1));
                if (agent != null) {
                    agent.reportArrived(now);
                }
            }, false, PushSubscribeOptions.builder().ordered(true)
                    .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New)
                            .idleHeartbeat(MONITOR_HEARTBEAT).build()).build());
            monitor.flush(Duration.ofSeconds(5));

            // ---- onboarding phase -------------------------------------------------------------------------------
            long onboardStart = System.nanoTime();
            HvsOnboarding onboarding = new HvsOnboarding(new JsonHttp(s.hvsUrl()), s.token());
            List<Future<?>> started = new ArrayList<>();
            for (int i = 0; i < s.agents(); i++) {
                HostId host = HostId.of(s.hostPrefix() + i);
                started.add(workers.submit(() -> {
                    SimulatedAgent agent = new SimulatedAgent(host, SoftTpm.create(s.akAlgorithm(), 1, random), log,
                            subjects, m);
                    agent.connect(s.natsUrl(), null);
                    long t = System.nanoTime();
                    try {
                        String credentials = onboarding.onboard(agent.tpm(), host.value(), agent.hardwareUuid());
                        m.latency("onboard", System.nanoTime() - t);
                        if (credentials != null) {
                            agent.connect(s.natsUrl(), credentials);
                        }
                        byHost.put(host.value(), agent);
                        synchronized (agents) {
                            agents.add(agent);
                        }
                    } catch (HvsOnboarding.OnboardingException e) {
                        m.error("onboard-" + e.kind);
                        agent.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : started) {
                f.get();
            }
            awaitReports(reports::get, agents::size, Duration.ofSeconds(60)); // each registration ends in a report
            double onboardSeconds = (System.nanoTime() - onboardStart) / 1e9;
            out.printf("%n== onboarding: %d agents in %.1f s (registration reports %d) ==%n", agents.size(),
                    onboardSeconds, reports.get());
            m.print(out, onboardSeconds);

            // ---- load phase -----------------------------------------------------------------------------------------
            if (agents.isEmpty()) {
                throw new IllegalStateException("no agent onboarded: " + m.errors());
            }
            if (!s.warmup().isZero()) {
                int before = reports.get();
                long warmupErrorsBefore = m.errorCount();
                ScheduledExecutorService ticker = startPushing(agents, workers);
                Thread.sleep(s.warmup().toMillis());
                ticker.shutdownNow();
                awaitInFlight(warmupErrorsBefore);
                awaitReports(() -> reports.get() - before,
                        () -> m.counter("pushes-accepted") + m.counter("quote-replies"), s.drain());
                out.printf("%n== warm-up: %.0f s, %d pushes accepted, %d reports; not counted below ==%n",
                        (double) s.warmup().toSeconds(), m.counter("pushes-accepted"), reports.get() - before);
                m.reset();
            }
            int reportsBefore = reports.get();
            long repliesBefore = m.counter("quote-replies");
            long errorsBefore = m.errorCount();
            ProcessCpu cpu = new ProcessCpu(s.pids());
            cpu.start();
            long loadStart = System.nanoTime();
            ScheduledExecutorService ticker = startPushing(agents, workers);
            ScheduledExecutorService faults = Executors.newScheduledThreadPool(Math.max(1, disruptions.size()));
            List<Future<String>> disrupted = new ArrayList<>();
            for (Disruption d : disruptions) {
                disrupted.add(faults.schedule(() -> {
                    long t = System.nanoTime();
                    d.action().run();
                    return String.format("disruption at %.1f s: %s (took %.1f s)", (t - loadStart) / 1e9,
                            d.description(), (System.nanoTime() - t) / 1e9);
                }, d.after().toMillis(), TimeUnit.MILLISECONDS));
            }
            Thread.sleep(s.duration().toMillis());
            ticker.shutdownNow();
            for (Future<String> f : disrupted) {
                out.println(f.get()); // a disruption that failed fails the run
            }
            faults.shutdown();
            double seconds = (System.nanoTime() - loadStart) / 1e9;
            awaitInFlight(errorsBefore);
            awaitReports(() -> reports.get() - reportsBefore,
                    () -> m.counter("pushes-accepted") + m.counter("quote-replies") - repliesBefore, s.drain());
            double drained = (System.nanoTime() - loadStart) / 1e9;
            long accepted = m.counter("pushes-accepted");
            long replies = m.counter("quote-replies") - repliesBefore;
            long reported = reports.get() - reportsBefore;
            Result result = new Result(m.counter("pushes-sent") + replies, accepted, replies, reported,
                    Math.max(0, accepted + replies - reported), m.errorCount() - errorsBefore, m.errors(), seconds);
            out.printf("%n== load: %d agents, target %.1f pushes/s, %.1f s (reports drained after %.1f s) ==%n",
                    agents.size(), s.rate(), seconds, drained);
            out.println(s.warmup().isZero()
                    ? "(counters and errors include the onboarding phase; the summary line is the load phase)"
                    : "(the measured phase only)");
            m.print(out, seconds);
            out.printf("reports/s %.1f%n", reported / seconds);
            cpu.print(out, drained, reported, "report", s.rawCryptoMicros()); // CPU runs until the queue drained
            out.printf("sent=%d accepted=%d quote-replies=%d reported=%d lost=%d errors=%d%n", result.sent(),
                    result.accepted(), result.quoteReplies(), result.reported(), result.lost(), result.errors());
            return result;
        } finally {
            workers.shutdownNow();
            for (SimulatedAgent a : agents) {
                a.close();
            }
        }
    }
}

package dev.trustedcompute.loadgen.kbs;

import dev.trustedcompute.loadgen.http.JsonHttp;
import dev.trustedcompute.loadgen.stats.Measurements;
import dev.trustedcompute.loadgen.stats.ProcessCpu;
import dev.trustedcompute.loadgen.tpm.AkAlgorithm;
import dev.trustedcompute.loadgen.tpm.SoftTpm;
import dev.trustedcompute.loadgen.tpm.SyntheticEventLog;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The {@code kbs} load: registers {@code aks} simulated AKs in RVPS {@code trusted_aks} and their PCR 11 in
 * {@code tpm_pcr11} (through KBS's reference-value forward), stores one resource, then runs full sessions from
 * {@code concurrency} closed-loop workers, paced to at most {@code rate} sessions per second. A session is RCAR
 * (auth, attest, resource with the session cookie) or the curl routes ({@code /attestation} twice, then
 * {@code /resource} with the EAR token as Bearer).
 */
public final class KbsRun {

    /** Which routes a session takes. */
    public enum Route { RCAR, CURL }

    /**
     * {@code pids} are reported for CPU, per session beside {@code rawCryptoMicros} when that is not null; the same
     * sessions run for {@code warmup} first, not measured.
     */
    public record Settings(String kbsUrl, String token, Route route, int concurrency, double rate, Duration duration,
                           int aks, AkAlgorithm akAlgorithm, Map<String, Long> pids, Double rawCryptoMicros,
                           Duration warmup) {

        public Settings(String kbsUrl, String token, Route route, int concurrency, double rate, Duration duration,
                        int aks, AkAlgorithm akAlgorithm, Map<String, Long> pids) {
            this(kbsUrl, token, route, concurrency, rate, duration, aks, akAlgorithm, pids, null, Duration.ZERO);
        }
    }

    public record Result(long sessions, long errors, Map<String, Long> errorsByKind, double seconds) {
    }

    private final Settings s;
    private final PrintStream out;
    private final Measurements m = new Measurements();

    public KbsRun(Settings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    public Result run() throws Exception {
        JsonHttp kbs = new JsonHttp(s.kbsUrl());
        Workloads workloads = Workloads.register(kbs, s.token(), s.aks(), s.akAlgorithm());
        if (!s.warmup().isZero()) {
            runSessions(kbs, workloads, s.warmup());
            out.printf("%n== warm-up: %.0f s, %d sessions, not counted below ==%n", (double) s.warmup().toSeconds(),
                    m.completed("session"));
            m.reset();
        }
        ProcessCpu cpu = new ProcessCpu(s.pids());
        cpu.start();
        long start = System.nanoTime();
        runSessions(kbs, workloads, s.duration());
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("%n== kbs %s: concurrency %d, at most %.1f sessions/s, %d AKs (%s), %.1f s ==%n", s.route(),
                s.concurrency(), s.rate(), s.aks(), s.akAlgorithm(), seconds);
        m.print(out, seconds);
        long sessions = m.completed("session");
        cpu.print(out, seconds, sessions, "session", s.rawCryptoMicros());
        out.printf("sessions=%d errors=%d%n", sessions, m.errorCount());
        return new Result(sessions, m.errorCount(), m.errors(), seconds);
    }

    /** Sessions from {@code concurrency} closed-loop workers, paced to at most {@code rate}/s, for {@code length}. */
    private void runSessions(JsonHttp kbs, Workloads workloads, Duration length) throws InterruptedException {
        Semaphore permits = new Semaphore(0);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        pacer.scheduleAtFixedRate(() -> {
            if (permits.availablePermits() < s.concurrency()) {
                permits.release();
            }
        }, 0, Math.max(1, (long) (1e9 / s.rate())), TimeUnit.NANOSECONDS);
        ExecutorService workers = Executors.newFixedThreadPool(s.concurrency());
        long end = System.nanoTime() + length.toNanos();
        for (int w = 0; w < s.concurrency(); w++) {
            TpmWorkload workload = workloads.workload(w);
            workers.submit(() -> {
                while (System.nanoTime() < end) {
                    if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    session(kbs, workload, workloads.resource());
                }
                return null;
            });
        }
        workers.shutdown();
        workers.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS);
        pacer.shutdownNow();
    }

    /**
     * Simulated TPM workloads KBS trusts: their AKs in RVPS {@code trusted_aks}, the synthetic log's PCR 11 in
     * {@code tpm_pcr11} (both through KBS's reference-value forward), and one stored {@code resource} to release.
     */
    record Workloads(List<SoftTpm> tpms, SyntheticEventLog log, String resource) {

        static Workloads register(JsonHttp kbs, String adminToken, int aks, AkAlgorithm akAlgorithm) throws Exception {
            SyntheticEventLog log = SyntheticEventLog.of("loadgen workload");
            SecureRandom random = new SecureRandom();
            List<SoftTpm> tpms = new ArrayList<>();
            for (int i = 0; i < aks; i++) {
                tpms.add(SoftTpm.create(akAlgorithm, 1, random));
            }
            String resource = "default/loadgen-" + UUID.randomUUID().toString().substring(0, 8) + "/key";
            String akList = tpms.stream()
                    .map(t -> "\"" + Base64.getEncoder().encodeToString(t.akSubjectPublicKeyInfo()) + "\"")
                    .collect(Collectors.joining(",", "[", "]"));
            String values = "{\"trusted_aks\":" + akList + ",\"tpm_pcr11\":[\""
                    + HexFormat.of().formatHex(log.sha256Pcrs().get(11)) + "\"]}";
            String message = "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\""
                    + Base64.getEncoder().encodeToString(values.getBytes(StandardCharsets.UTF_8)) + "\"}";
            check(kbs.postJson("/kbs/v0/reference-value", message, "Authorization", "Bearer " + adminToken),
                    "reference-value");
            check(kbs.send("POST", "/kbs/v0/resource/" + resource, "released by loadgen", "application/octet-stream",
                    "Authorization", "Bearer " + adminToken), "resource upload");
            return new Workloads(List.copyOf(tpms), log, resource);
        }

        /** A workload (with a key of its own) on the {@code index}-th AK, round robin. */
        TpmWorkload workload(int index) {
            return new TpmWorkload(tpms.get(index % tpms.size()), log);
        }
    }

    private static void check(JsonHttp.Response r, String what) {
        if (!r.ok()) {
            throw new IllegalStateException(what + " refused: " + r.status() + " " + r.body());
        }
    }

    private void session(JsonHttp kbs, TpmWorkload workload, String resource) {
        long start = System.nanoTime();
        try {
            boolean ok = s.route() == Route.RCAR ? rcar(kbs, workload, resource) : curl(kbs, workload, resource);
            if (ok) {
                m.latency("session", System.nanoTime() - start);
            }
        } catch (Exception e) {
            m.error("io-" + e.getClass().getSimpleName());
        }
    }

    private boolean rcar(JsonHttp kbs, TpmWorkload workload, String resource) throws Exception {
        long t = System.nanoTime();
        JsonHttp.Response auth = kbs.postJson("/kbs/v0/auth", "{\"version\":\"0.4.0\",\"tee\":\"tpm\"}");
        if (!step(auth, "auth", t)) {
            return false;
        }
        String cookie = auth.setCookie() == null ? "" : auth.setCookie().split(";", 2)[0];
        t = System.nanoTime();
        JsonHttp.Response attest = kbs.postJson("/kbs/v0/attest",
                workload.attestation((String) auth.json().get("nonce")), "Cookie", cookie);
        if (!step(attest, "attest", t)) {
            return false;
        }
        t = System.nanoTime();
        return step(kbs.get("/kbs/v0/resource/" + resource, "Cookie", cookie), "resource", t);
    }

    private boolean curl(JsonHttp kbs, TpmWorkload workload, String resource) throws Exception {
        long t = System.nanoTime();
        JsonHttp.Response challenge = kbs.postJson("/attestation", "{\"tee\":\"tpm\"}");
        if (!step(challenge, "challenge", t)) {
            return false;
        }
        t = System.nanoTime();
        JsonHttp.Response token = kbs.postJson("/attestation", "{\"tee\":\"tpm\","
                + workload.attestation((String) challenge.json().get("nonce")).substring(1));
        if (!step(token, "attestation", t)) {
            return false;
        }
        t = System.nanoTime();
        return step(kbs.get("/resource/" + resource, "Authorization", "Bearer " + token.json().get("token")),
                "resource", t);
    }

    private boolean step(JsonHttp.Response r, String name, long startedAt) {
        if (r.status() != 200) {
            m.error(name + "-" + r.status());
            return false;
        }
        m.latency(name, System.nanoTime() - startedAt);
        return true;
    }
}

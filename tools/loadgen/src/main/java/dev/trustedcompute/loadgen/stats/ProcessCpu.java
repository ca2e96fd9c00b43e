package dev.trustedcompute.loadgen.stats;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of named processes from {@code /proc/<pid>/stat} (utime + stime + cutime + cstime, fields 14-17, in
 * clock ticks of 1/100 s as on every Linux build), including live descendants (PostgreSQL's backends are children
 * of the postmaster). {@link #start} snapshots; {@link #print} reports cores used over the interval and CPU per
 * operation, beside the raw cost of the signatures one operation needs when the caller knows it (JMH figures).
 */
public final class ProcessCpu {
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids;
    private final Map<String, Long> startTicks = new LinkedHashMap<>();

    /** {@code pids}: name to pid; the driver's own process is added as {@code loadgen}. */
    public ProcessCpu(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
        this.pids.put("loadgen", ProcessHandle.current().pid());
    }

    public void start() {
        pids.forEach((name, pid) -> startTicks.put(name, ticks(pid)));
    }

    /**
     * Cores over {@code seconds} and CPU per operation of each process. {@code rawCryptoMicros}: the JMH cost of the
     * signing and signature checks one operation needs, or {@code null}; when given, it is set against the first
     * named process (the service under test).
     */
    public void print(PrintStream out, double seconds, long operations, String operation, Double rawCryptoMicros) {
        out.printf("%-22s %9s %9s %12s%n", "process (pid)", "cpu s", "cores", "ms/" + operation);
        Map<String, Double> msPerOperation = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            double cpu = (ticks(pid) - startTicks.getOrDefault(name, 0L)) / TICKS_PER_SECOND;
            msPerOperation.put(name, operations == 0 ? Double.NaN : cpu * 1000 / operations);
            out.printf("%-22s %9.1f %9.2f %12.3f%n", name + " (" + pid + ")", cpu, cpu / seconds,
                    msPerOperation.get(name));
        });
        if (rawCryptoMicros != null) {
            String service = pids.keySet().iterator().next();
            out.printf("raw crypto per %s (JMH): %.3f ms = %.1f%% of %s's CPU per %s%n", operation,
                    rawCryptoMicros / 1000, rawCryptoMicros / 10 / msPerOperation.get(service), service, operation);
        }
    }

    private static long ticks(long pid) {
        long own = ownTicks(pid);
        return own + ProcessHandle.of(pid).map(p -> p.descendants().mapToLong(d -> ownTicks(d.pid())).sum()).orElse(0L);
    }

    private static long ownTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: fields after it start behind the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended: its time is in its parent's cutime/cstime
        }
    }
}

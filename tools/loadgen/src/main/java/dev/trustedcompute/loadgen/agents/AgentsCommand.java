package dev.trustedcompute.loadgen.agents;

import dev.trustedcompute.loadgen.Common;
import dev.trustedcompute.loadgen.Loopback;
import dev.trustedcompute.loadgen.tpm.AkAlgorithm;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loadgen agents}: see {@link AgentsRun}. Exit code 0 when nothing was lost, 1 otherwise. */
@Command(name = "agents", mixinStandardHelpOptions = true,
        description = "N simulated trust agents (software TPMs) onboarded with HVS, pushing evidence over NATS at --rate "
                + "pushes/s and answering HVS's quote requests; prints sent/accepted/reported/lost.")
public final class AgentsCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(names = "--hvs", defaultValue = "http://127.0.0.1:8443", description = "HVS base URL (default ${DEFAULT-VALUE})")
    String hvs;

    @Option(names = "--nats", defaultValue = "nats://127.0.0.1:4222", description = "NATS URL (default ${DEFAULT-VALUE})")
    String nats;

    @Option(names = "--subject-prefix", defaultValue = "", description = "HVS's tc.hvs.nats.subject-prefix")
    String subjectPrefix;

    @Option(names = "--agents", defaultValue = "20", description = "simulated agents (1..5000, default ${DEFAULT-VALUE})")
    int agents;

    @Option(names = "--ak-alg", defaultValue = "ECC", description = "RSA or ECC (default ${DEFAULT-VALUE})")
    AkAlgorithm akAlgorithm;

    @Option(names = "--host-prefix", defaultValue = "loadgen-", description = "host ids are prefix + index")
    String hostPrefix;

    @Option(names = "--drain", defaultValue = "60", description = "seconds to wait for outstanding reports (default ${DEFAULT-VALUE})")
    int drainSeconds;

    @Override
    public Integer call() throws Exception {
        if (agents < 1 || agents > 5000) {
            throw new IllegalArgumentException("--agents must be 1..5000");
        }
        AgentsRun.Result result = new AgentsRun(new AgentsRun.Settings(Loopback.require(hvs), Loopback.require(nats),
                subjectPrefix, common.token(), agents, common.rate(), common.duration(),
                Duration.ofSeconds(Math.clamp(drainSeconds, 1, 600)), akAlgorithm, hostPrefix, 8, common.pids(),
                common.rawCryptoMicros(), common.warmup()),
                System.out).run();
        return result.lost() == 0 ? 0 : 1;
    }
}

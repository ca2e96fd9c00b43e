package dev.trustedcompute.loadgen.kbs;

import dev.trustedcompute.loadgen.Common;
import dev.trustedcompute.loadgen.Loopback;
import dev.trustedcompute.loadgen.tpm.AkAlgorithm;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loadgen kbs}: see {@link KbsRun}. Exit code 0 when no session failed, 1 otherwise. */
@Command(name = "kbs", mixinStandardHelpOptions = true,
        description = "Full KBS sessions with TPM evidence from simulated AKs (registered in RVPS trusted_aks): RCAR "
                + "(auth, attest, resource) or the curl routes, closed loop at --concurrency, at most --rate per second. "
                + "The token needs KBS:reference_values:create and KBS:resources:create.")
public final class KbsCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(names = "--kbs", defaultValue = "http://127.0.0.1:8080", description = "KBS base URL (default ${DEFAULT-VALUE})")
    String kbs;

    @Option(names = "--route", defaultValue = "RCAR", description = "RCAR or CURL (default ${DEFAULT-VALUE})")
    KbsRun.Route route;

    @Option(names = "--concurrency", defaultValue = "8", description = "closed-loop workers (1..512, default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--aks", defaultValue = "16", description = "distinct simulated AKs (1..1000, default ${DEFAULT-VALUE})")
    int aks;

    @Option(names = "--ak-alg", defaultValue = "RSA", description = "RSA or ECC (default ${DEFAULT-VALUE})")
    AkAlgorithm akAlgorithm;

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1 || concurrency > 512 || aks < 1 || aks > 1000) {
            throw new IllegalArgumentException("--concurrency must be 1..512 and --aks 1..1000");
        }
        KbsRun.Result result = new KbsRun(new KbsRun.Settings(Loopback.require(kbs), common.token(), route, concurrency,
                common.rate(), common.duration(), aks, akAlgorithm, common.pids(),
                common.rawCryptoMicros(), common.warmup()), System.out).run();
        return result.errors() == 0 ? 0 : 1;
    }
}

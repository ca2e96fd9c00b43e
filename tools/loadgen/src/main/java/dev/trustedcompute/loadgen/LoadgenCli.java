package dev.trustedcompute.loadgen;

import dev.trustedcompute.loadgen.agents.AgentsCommand;
import dev.trustedcompute.loadgen.kbs.KbsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -jar loadgen.jar agents|kbs ...}. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, subcommands = {AgentsCommand.class, KbsCommand.class},
        description = "Load drivers for HVS (simulated trust agents over NATS) and KBS (RCAR sessions). Loopback only.")
public final class LoadgenCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadgenCli()).execute(args));
    }
}

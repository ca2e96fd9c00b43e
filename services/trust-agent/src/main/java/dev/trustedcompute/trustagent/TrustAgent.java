package dev.trustedcompute.trustagent;

import dev.trustedcompute.trustagent.cli.TrustAgentCommand;

/** {@code java -jar trust-agent.jar <command>}: see {@code trust-agent --help} and the service README. */
public final class TrustAgent {

    private TrustAgent() {
    }

    public static void main(String[] args) {
        // one line per log record on stderr (stdout carries the commands' JSON); -D on the command line wins
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        }
        System.exit(TrustAgentCommand.execute(args));
    }
}

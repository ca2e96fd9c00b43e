package dev.trustedcompute.trustagent.cli;

import dev.trustedcompute.trustagent.AgentContext;
import dev.trustedcompute.trustagent.AgentException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trust-agent} command line: one jar, a daemon ({@code run}) and operator commands. */
@Command(name = "trust-agent", mixinStandardHelpOptions = true, versionProvider = TrustAgentCommand.Version.class,
        description = "Trusted Compute node agent: TPM/TEE evidence for HVS over NATS (no inbound port) and for KBS.",
        subcommands = {OnboardCommand.class, RunCommand.class, QuoteCommand.class, EvidenceCommand.class,
                StatusCommand.class, CcCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:internal error (a bug: please report it with the message)",
                "2:invalid option or input",
                "3:TPM unavailable or a TPM command failed",
                "4:TEE hardware or interface absent (TDX, SNP, Azure HCL report)",
                "5:HVS unreachable or refused the request",
                "6:not onboarded (no AK or no NATS credentials)",
                "7:local state or host file missing, unreadable or malformed"})
public final class TrustAgentCommand {

    /** Runs the command line and returns its exit code (see the exit code list). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrustAgentCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof AgentException failure) {
                commandLine.getErr().println("trust-agent: " + failure.getMessage());
                return failure.failure().exitCode();
            }
            commandLine.getErr().println("trust-agent: internal error: " + e);
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"trust-agent " + AgentContext.VERSION};
        }
    }
}

package dev.trustedcompute.cms.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Set;

/** The CLI face of the CMS jar: {@code java -jar cms.jar token ...}. */
@Command(name = "cms", mixinStandardHelpOptions = true, version = "cms 0.1.0",
        description = "Trusted Compute certificate management service. Without a command it runs the web service.",
        subcommands = {TokenCommand.class, CommandLine.HelpCommand.class})
public final class CmsCli implements Runnable {
    private static final Set<String> COMMANDS = Set.of("token", "help", "--help", "-h", "--version", "-V");

    /** True when the first argument names a CLI command rather than a Spring option. */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args) {
        CommandLine cli = new CommandLine(new CmsCli());
        // Operational failures (wrong passphrase, unreadable data dir) are one line on stderr, not a stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("cms: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

package dev.trustedcompute.tpmquote.cli;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar tpm-quote.jar <command> ...}: checks evidence files from the command line. Every command prints
 * exactly one JSON object on stdout (canonical JSON, keys sorted) and exits with
 * <ul>
 * <li>0: the evidence is valid (or, for {@code eventlog}/{@code ccel} without values to compare, parsed);</li>
 * <li>1: well-formed but does not verify ({@code "valid": false} with {@code "reason"} and {@code "error"});</li>
 * <li>2: malformed input, unreadable file or usage error ({@code "error"}, and {@code "field"}/{@code "offset"}
 *     for malformed evidence);</li>
 * <li>3: an internal error (a bug: please report it).</li>
 * </ul>
 * A new command is one class extending {@link JsonCommand}, listed in {@code subcommands} below.
 */
@Command(name = "tpm-quote", mixinStandardHelpOptions = true, version = "tpm-quote 0.1",
        description = "Parse and verify TPM, event-log, CCEL, SEV-SNP, TDX and Azure vTPM evidence; prints one JSON"
                + " object.",
        subcommands = {EventlogCommand.class, QuoteCommand.class, SnpCommand.class, TdxCommand.class,
                CcelCommand.class, AzureCommand.class})
public final class TpmQuoteCli implements Runnable {

    static final int VALID = 0;
    static final int NOT_VERIFIED = 1;
    static final int MALFORMED = 2;
    static final int INTERNAL_ERROR = 3;

    @Spec
    CommandSpec spec;

    /** Without a command there is nothing to check: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: one of " + spec.subcommands().keySet());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    /** Runs one command in-process; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new TpmQuoteCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            print(out, Map.of("error", e.getMessage()));
            e.getCommandLine().usage(err);
            return MALFORMED;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("error", e.getMessage());
            if (e instanceof EvidenceFormatException f) {
                json.put("field", f.field());
                if (f.offset() >= 0) {
                    json.put("offset", f.offset());
                }
                print(out, json);
                return MALFORMED;
            }
            if (e instanceof IOException) {
                print(out, json);
                return MALFORMED;
            }
            json.put("error", "internal error: " + e);
            print(out, json);
            e.printStackTrace(err);
            return INTERNAL_ERROR;
        });
        int code = cli.execute(args);
        out.flush();
        return code;
    }

    static void print(PrintWriter out, Map<String, ?> json) {
        out.println(dev.trustedcompute.tpmquote.Jcs.write(json));
        out.flush();
    }
}

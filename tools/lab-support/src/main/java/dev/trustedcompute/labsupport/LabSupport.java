package dev.trustedcompute.labsupport;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Tools for the local lab and the end-to-end test, never for a real node: a software TPM has no firmware that
 * measures a boot, so these commands give it the PCRs of a real captured boot.
 */
@Command(name = "lab-support", mixinStandardHelpOptions = true, subcommands = {ExtendPcrsCommand.class, NodeRootCommand.class},
        description = "Lab helpers (swtpm only; never run on a real node).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the TPM's PCRs match the event log", "1:a PCR does not match (named on stderr)",
                "2:invalid option or unreadable/malformed event log", "3:a tpm2-tools command failed"})
public final class LabSupport {

    private LabSupport() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new LabSupport());
    }
}

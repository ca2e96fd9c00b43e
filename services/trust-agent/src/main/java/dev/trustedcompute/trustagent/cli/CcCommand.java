package dev.trustedcompute.trustagent.cli;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.cc.CcBackends;
import dev.trustedcompute.trustagent.cc.CcEvent;
import dev.trustedcompute.trustagent.cc.CcException;
import dev.trustedcompute.trustagent.cc.CcTrustedApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** {@code trust-agent cc ...}: the CC Trusted API on this node, printed as JSON (the socket's answers). */
@Command(name = "cc", description = "CC Trusted API (measurements, event log, report, replay) of this node's TPM, TDX or "
        + "Azure vTPM.",
        subcommands = {CcCommand.Measurement.class, CcCommand.Eventlog.class, CcCommand.Report.class,
                CcCommand.Replay.class})
final class CcCommand {

    /** Options of every {@code cc} subcommand. */
    static final class CcOptions {
        @Mixin
        AgentOptions agent;

        @Option(names = "--cc-backend", paramLabel = "KIND", defaultValue = "auto",
                description = "auto (TDX on a TD guest, Azure on an Azure confidential VM's vTPM, else TPM), tpm, tdx "
                        + "or azure. Default: ${DEFAULT-VALUE}")
        String backend;

        CcTrustedApi api() throws AgentException {
            try {
                return new CcTrustedApi(CcBackends.fromLabel(backend).open(agent.context()));
            } catch (IllegalArgumentException e) {
                throw new AgentException(Failure.BAD_INPUT, "--cc-backend: " + e.getMessage());
            }
        }
    }

    /** A CC API failure as the CLI reports it: bad input exit 2, absent hardware or log exit 4, else 1. */
    static AgentException failed(CcException e) {
        Failure failure = switch (e.error()) {
            case UNAVAILABLE -> Failure.TEE_UNAVAILABLE;
            case INTERNAL -> Failure.TPM_ERROR;
            default -> Failure.BAD_INPUT;
        };
        return new AgentException(failure, e.getMessage(), e);
    }

    @Command(name = "measurement", description = "get_cc_measurement: one register's value (and the register count).")
    static final class Measurement implements Callable<Integer> {
        @Mixin
        CcOptions cc;
        @Spec
        CommandSpec spec;
        @Option(names = "--index", required = true, description = "PCR 0..23, or CC MR index 0..4 (MRTD, RTMR0..3)")
        int index;
        @Option(names = "--algorithm", description = "sha1, sha256, sha384, sha512 (default: the backend's)")
        Optional<String> algorithm;

        @Override
        public Integer call() throws AgentException {
            CcTrustedApi api = cc.api();
            try {
                Output.json(spec.commandLine().getOut(), api.measurement(index, algorithm));
            } catch (CcException e) {
                throw failed(e);
            }
            return 0;
        }
    }

    @Command(name = "eventlog", description = "get_cc_eventlog: events in TCG format (imrIndex = PCR or CC MR index).")
    static final class Eventlog implements Callable<Integer> {
        @Mixin
        CcOptions cc;
        @Spec
        CommandSpec spec;
        @Option(names = "--start", defaultValue = "0", description = "First event. Default: ${DEFAULT-VALUE}")
        int start;
        @Option(names = "--count", description = "Number of events (default: to the end)")
        Optional<Integer> count;

        @Override
        public Integer call() throws AgentException {
            CcTrustedApi api = cc.api();
            try {
                Output.json(spec.commandLine().getOut(), Map.of("events", api.eventLog(start, count)));
            } catch (CcException e) {
                throw failed(e);
            }
            return 0;
        }
    }

    @Command(name = "report", description = "get_cc_report: a TPM quote (qualifyingData = SHA-256(nonce||userData)) "
            + "or TD quote (reportData = SHA-512(nonce||userData)).")
    static final class Report implements Callable<Integer> {
        @Mixin
        CcOptions cc;
        @Spec
        CommandSpec spec;
        @Option(names = "--nonce", required = true, paramLabel = "B64", description = "Nonce, base64 (8..64 bytes)")
        String nonce;
        @Option(names = "--user-data", paramLabel = "B64", defaultValue = "", description = "User data, base64 (<= 64 bytes)")
        String userData;

        @Override
        public Integer call() throws AgentException {
            CcTrustedApi api = cc.api();
            try {
                Output.json(spec.commandLine().getOut(), api.report(Inputs.base64("--nonce", nonce, 0),
                        Inputs.base64("--user-data", userData, 0)));
            } catch (CcException e) {
                throw failed(e);
            }
            return 0;
        }
    }

    @Command(name = "replay", description = "replay_cc_eventlog: per-register values of an event log "
            + "(--events FILE as 'cc eventlog' prints it, else this node's log).")
    static final class Replay implements Callable<Integer> {
        @Mixin
        CcOptions cc;
        @Spec
        CommandSpec spec;
        @Option(names = "--events", paramLabel = "FILE", description = "JSON {\"events\":[...]} from 'cc eventlog'")
        Optional<Path> events;

        record EventsFile(List<CcEvent> events) {
        }

        @Override
        public Integer call() throws AgentException {
            CcTrustedApi api = cc.api();
            try {
                List<CcEvent> log = events.isPresent() ? read(events.get()) : api.eventLog(0, Optional.empty());
                Output.json(spec.commandLine().getOut(), Map.of("measurements", api.replay(log)));
            } catch (CcException e) {
                throw failed(e);
            }
            return 0;
        }

        private static List<CcEvent> read(Path file) throws AgentException {
            try {
                List<CcEvent> log = JsonMapper.builder().build().readValue(Files.readAllBytes(file), EventsFile.class)
                        .events();
                if (log == null) {
                    throw new AgentException(Failure.BAD_INPUT, file + " has no \"events\" list");
                }
                return log;
            } catch (IOException e) {
                throw new AgentException(Failure.LOCAL_STATE, "cannot read " + file + ": " + e, e);
            } catch (JacksonException e) {
                throw new AgentException(Failure.BAD_INPUT, file + " is not an event list: " + e.getOriginalMessage(), e);
            }
        }
    }
}

package dev.trustedcompute.trustagent.cli;

import dev.trustedcompute.agentprotocol.Evidence;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.trustagent.AgentContext;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.evidence.EvidenceCollector;
import dev.trustedcompute.trustagent.tee.TeeDetector;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.PcrRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "quote", description = {
        "Quote PCRs with the AK and print the evidence JSON HVS receives (agent-protocol Evidence).",
        "The quote's extraData is SHA-256 of the nonce bytes."})
final class QuoteCommand implements Callable<Integer> {

    @Mixin
    AgentOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--nonce", required = true, paramLabel = "B64", description = "Verifier nonce, base64 (>= 16 bytes)")
    String nonce;

    @Option(names = "--pcrs", paramLabel = "BANK:LIST", defaultValue = "sha256:0,1,2,3,4,5,6,7",
            description = "PCRs per bank, repeatable (e.g. --pcrs sha256:0,1,7 --pcrs sha1:0). Default: ${DEFAULT-VALUE}")
    List<String> pcrs;

    @Option(names = "--host-id", paramLabel = "ID",
            description = "Host id in the evidence. Default: the onboarded one, else the host name")
    Optional<String> hostId;

    @Option(names = "--no-event-log", description = "Leave the TCG event log out")
    boolean noEventLog;

    @Override
    public Integer call() throws AgentException {
        byte[] nonceBytes = Inputs.base64("--nonce", nonce, Inputs.MIN_NONCE_BYTES);
        PcrRequest request;
        try {
            request = PcrRequest.parse(pcrs);
        } catch (IllegalArgumentException e) {
            throw new AgentException(Failure.BAD_INPUT, "--pcrs: " + e.getMessage());
        }
        AgentContext context = options.context();
        AgentTpm tpm = context.agentTpm();
        EvidenceCollector collector = new EvidenceCollector(tpm, context.akManager(tpm).require(), context.hostInfo(),
                context.eventLogSource(), TeeDetector.labels(context.detectTees(tpm)));
        Evidence evidence = collector.collect(context.hostId(hostId), nonceBytes, request, !noEventLog);
        spec.commandLine().getOut().println(new String(ProtocolJson.encode(evidence), StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

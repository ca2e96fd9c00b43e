package dev.trustedcompute.trustagent.cli;

import dev.trustedcompute.trustagent.AgentContext;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.TrustedCertificates;
import dev.trustedcompute.trustagent.onboarding.HvsClient;
import dev.trustedcompute.trustagent.onboarding.Onboarding;
import dev.trustedcompute.trustagent.state.OnboardingRecord;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.AkAlgorithm;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "onboard", description = {
        "Create the AK under the EK (or keep the existing one) and prove it to HVS with MakeCredential /",
        "ActivateCredential; store HVS's answer and NATS credentials (0600) in the state directory."})
final class OnboardCommand implements Callable<Integer> {

    @Mixin
    AgentOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--hvs", required = true, paramLabel = "URL", defaultValue = "${env:TC_AGENT_HVS_URL}",
            description = "HVS base URL, e.g. https://hvs:8443. Env TC_AGENT_HVS_URL")
    URI hvs;

    @Option(names = "--token-file", required = true, paramLabel = "FILE", defaultValue = "${env:TC_AGENT_TOKEN_FILE}",
            description = "File with a bearer token holding HVS:hosts:onboard. Env TC_AGENT_TOKEN_FILE")
    Path tokenFile;

    @Option(names = "--host-id", paramLabel = "ID", description = "NATS host id to register. Default: the host name")
    Optional<String> hostId;

    @Option(names = "--ak-alg", paramLabel = "ALG", defaultValue = "rsa",
            description = "AK algorithm for a new AK: rsa (RSA-2048, RSASSA-SHA256) or ecc (P-256, ECDSA-SHA256). "
                    + "Default: ${DEFAULT-VALUE}")
    String akAlgorithm;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "CA certificates HVS's TLS certificate chains to")
    Optional<Path> caFile;

    @Override
    public Integer call() throws AgentException {
        AkAlgorithm algorithm;
        try {
            algorithm = AkAlgorithm.fromLabel(akAlgorithm);
        } catch (IllegalArgumentException e) {
            throw new AgentException(Failure.BAD_INPUT, "--ak-alg: " + e.getMessage());
        }
        if (hvs.getScheme() == null || !hvs.getScheme().matches("https?")) {
            throw new AgentException(Failure.BAD_INPUT, "--hvs must be an http(s) URL, not " + hvs);
        }
        String token = readToken();
        AgentContext context = options.context();
        AgentTpm tpm = context.agentTpm();
        HvsClient client = new HvsClient(hvs, token, TrustedCertificates.from(caFile));
        OnboardingRecord record = new Onboarding(tpm, context.akManager(tpm), context.hostInfo(), context.state(),
                Clock.systemUTC()).onboard(client, hvs.toString(), context.hostId(hostId), algorithm,
                options.akHandle);
        Output.json(spec.commandLine().getOut(), record);
        return 0;
    }

    private String readToken() throws AgentException {
        try {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new AgentException(Failure.BAD_INPUT, "--token-file " + tokenFile + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new AgentException(Failure.BAD_INPUT, "cannot read --token-file " + tokenFile + ": " + e, e);
        }
    }
}

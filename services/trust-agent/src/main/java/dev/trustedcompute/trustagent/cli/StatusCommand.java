package dev.trustedcompute.trustagent.cli;

import dev.trustedcompute.trustagent.AgentContext;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.ak.AttestationKey;
import dev.trustedcompute.trustagent.state.OnboardingRecord;
import dev.trustedcompute.trustagent.state.PolicyRecord;
import dev.trustedcompute.trustagent.state.PushRecord;
import dev.trustedcompute.trustagent.state.StateDirectory;
import dev.trustedcompute.trustagent.tee.TeeDetector;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", description = {
        "Print the agent's state as JSON: TPM, AK, onboarding, last push, poll duration, TEEs.",
        "Exit 0 when onboarded with its AK in the TPM, 3 when the TPM is unavailable, 6 when not onboarded."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    AgentOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws AgentException {
        AgentContext context = options.context();
        StateDirectory state = context.state();
        AgentTpm tpm = context.agentTpm();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("version", AgentContext.VERSION);
        status.put("stateDir", state.path().toString());
        status.put("tpm", context.tpm().toString());
        Failure failure = null;
        try {
            status.put("tpmResetCount", tpm.clock().resetCount());
            Optional<AttestationKey> ak = context.akManager(tpm).current();
            status.put("ak", ak.map(k -> Map.of("handle", String.format("0x%08x", k.handle()),
                    "algorithm", k.tpmtPublic().isRsa() ? "rsa" : "ecc", "name", k.nameHex())).orElse(null));
            if (ak.isEmpty()) {
                failure = Failure.NOT_ONBOARDED;
            }
        } catch (AgentException e) {
            status.put("error", e.getMessage());
            failure = e.failure();
        }
        Optional<OnboardingRecord> onboarding = context.onboarding();
        status.put("onboarding", onboarding.orElse(null));
        if (onboarding.isEmpty() && failure == null) {
            failure = Failure.NOT_ONBOARDED;
        }
        status.put("natsCredentials", Files.exists(state.file(OnboardingRecord.NATS_CREDENTIALS_FILE)));
        status.put("lastPush", state.readJson(PushRecord.FILE, PushRecord.class).orElse(null));
        status.put("pollDurationMinutes", state.readJson(PolicyRecord.FILE, PolicyRecord.class)
                .map(PolicyRecord::pollDurationMinutes).orElse(null));
        status.put("tees", TeeDetector.labels(context.detectTees(tpm)));
        Output.json(spec.commandLine().getOut(), status);
        return failure == null ? 0 : failure.exitCode();
    }
}

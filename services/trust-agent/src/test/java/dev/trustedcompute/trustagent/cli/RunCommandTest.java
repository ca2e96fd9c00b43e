package dev.trustedcompute.trustagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trust-agent run} refuses bad settings and a node that was never onboarded before it connects anywhere. */
class RunCommandTest {

    @TempDir
    Path state;

    private CliRun run(String... extra) {
        String[] args = new String[extra.length + 5];
        args[0] = "run";
        System.arraycopy(extra, 0, args, 1, extra.length);
        args[extra.length + 1] = "--state-dir";
        args[extra.length + 2] = state.toString();
        args[extra.length + 3] = "--health-port";
        args[extra.length + 4] = "-1";
        return CliRun.of(args);
    }

    @Test
    void runWhenNeverOnboardedThenExit6NamingOnboard() {
        CliRun result = run();

        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.err()).contains("trust-agent onboard");
    }

    @Test
    void runWhenPollDurationOutOfRangeThenExit2() {
        assertThat(run("--poll-duration", "0").exitCode()).isEqualTo(2);
        assertThat(run("--poll-duration", "10081").exitCode()).isEqualTo(2);
    }

    @Test
    void runWhenSubjectPrefixNotDotTerminatedThenExit2() {
        CliRun result = run("--subject-prefix", "lab");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--subject-prefix");
    }

    @Test
    void runWhenRetryIntervalZeroThenExit2() {
        assertThat(run("--retry-interval", "0").exitCode()).isEqualTo(2);
    }
}

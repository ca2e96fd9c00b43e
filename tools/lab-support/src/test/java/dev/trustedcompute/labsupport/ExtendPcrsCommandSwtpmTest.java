package dev.trustedcompute.labsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.testsupport.swtpm.Swtpm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code extend-pcrs} on a real swtpm with the captured GCE COS-85 log (SHA-256 values stated by its source). */
class ExtendPcrsCommandSwtpmTest {

    static final Path LOG = Path.of("eventlogs/gce-cos-85-amd-sev.bin");
    /** SHA-256 PCR 0 and 7 of that boot, as go-tpm-tools states them (see libs/tpm-quote's EXPECTED.json). */
    static final String PCR0_PREFIX = "0x0F35C214608D93C7";
    static final String PCR7_PREFIX = "0x3365D7FA2B024C85";

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LabSupport.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void extendPcrsWhenFreshTpmThenPcrsReplayTheLogAndSecondRunChangesNothing() {
        try (Swtpm tpm = Swtpm.start()) {
            Run first = run("extend-pcrs", "--event-log", LOG.toString(), "--tpm", tpm.tcti());
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("into PCRs [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] (sha256)");
            String pcrs = tpm.tpm2("tpm2_pcrread", "sha256:0,7").stdout();
            assertThat(pcrs).contains(PCR0_PREFIX, PCR7_PREFIX);

            Run again = run("extend-pcrs", "--event-log", LOG.toString(), "--tpm", tpm.tcti());
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("already replay");
            assertThat(tpm.tpm2("tpm2_pcrread", "sha256:0,7").stdout()).isEqualTo(pcrs);
        }
    }

    @Test
    void extendPcrsWhenPcrAlreadyExtendedThenRefusedNamingIt() {
        try (Swtpm tpm = Swtpm.start()) {
            tpm.tpm2("tpm2_pcrextend", "4:sha256=" + "ab".repeat(32));
            Run run = run("extend-pcrs", "--event-log", LOG.toString(), "--tpm", tpm.tcti());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("PCRs [4] (sha256) are neither reset nor the log's values");
        }
    }

    @Test
    void extendPcrsWhenLogMalformedOrTpmAbsentThenExitCodesSayWhich() {
        Run malformed = run("extend-pcrs", "--event-log", "pom.xml", "--tpm", "swtpm:host=127.0.0.1,port=1");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("pom.xml");
        Run absent = run("extend-pcrs", "--event-log", LOG.toString(), "--tpm", "swtpm:host=127.0.0.1,port=1");
        assertThat(absent.exitCode()).isEqualTo(3);
        assertThat(absent.err()).contains("tpm2_pcrread against swtpm:host=127.0.0.1,port=1 failed");
    }
}

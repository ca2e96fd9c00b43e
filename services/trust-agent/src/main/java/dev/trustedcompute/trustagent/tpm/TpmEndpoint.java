package dev.trustedcompute.trustagent.tpm;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the agent's TPM is: a character device (the kernel resource manager {@code /dev/tpmrm0} by default) or a
 * swtpm/simulator TCP port. Written like a tpm2-tools TCTI so the same string works for both tools:
 * {@code device:/dev/tpmrm0}, a bare path, or {@code swtpm:host=127.0.0.1,port=2321}.
 */
public sealed interface TpmEndpoint {

    /** The kernel's TPM device; {@code /dev/tpmrm0} lets the kernel flush what a crashed agent left behind. */
    record Device(Path path) implements TpmEndpoint {
        @Override
        public String toString() {
            return "device:" + path;
        }
    }

    /** swtpm (or the Microsoft simulator) on its command port; there is no resource manager in front of it. */
    record Simulator(String host, int port) implements TpmEndpoint {
        public Simulator {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535");
            }
        }

        @Override
        public String toString() {
            return "swtpm:host=" + host + ",port=" + port;
        }
    }

    Pattern SWTPM = Pattern.compile("swtpm:host=([^,]+),port=(\\d{1,5})");

    static TpmEndpoint parse(String spec) throws AgentException {
        if (spec.startsWith("device:")) {
            return new Device(Path.of(spec.substring("device:".length())));
        }
        if (spec.startsWith("/")) {
            return new Device(Path.of(spec));
        }
        Matcher m = SWTPM.matcher(spec);
        if (m.matches()) {
            try {
                return new Simulator(m.group(1), Integer.parseInt(m.group(2)));
            } catch (IllegalArgumentException e) {
                throw new AgentException(Failure.BAD_INPUT, "TPM '" + spec + "': " + e.getMessage());
            }
        }
        throw new AgentException(Failure.BAD_INPUT, "TPM '" + spec + "' is neither device:<path>, an absolute path "
                + "nor swtpm:host=<host>,port=<port>");
    }
}

package dev.trustedcompute.labsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** tpm2-tools against one TPM, named by its TCTI (e.g. {@code swtpm:host=127.0.0.1,port=2321}). */
final class Tpm2Tools {

    /** tpm2_pcrextend takes several PCR specs per call; batches keep the command line short. */
    private static final int EXTENDS_PER_CALL = 16;
    private static final Pattern PCR_LINE = Pattern.compile("^\\s*(\\d+)\\s*:\\s*0x([0-9A-Fa-f]+)\\s*$");

    private final String tcti;

    Tpm2Tools(String tcti) {
        this.tcti = tcti;
    }

    /** TPM2_PCR_Extend of each digest into its PCR, in order. */
    void extend(String bank, List<EventLogPcrs.Extend> measurements) throws Tpm2Exception {
        for (int i = 0; i < measurements.size(); i += EXTENDS_PER_CALL) {
            List<String> command = new ArrayList<>(List.of("tpm2_pcrextend"));
            measurements.subList(i, Math.min(i + EXTENDS_PER_CALL, measurements.size()))
                    .forEach(m -> command.add(m.pcr() + ":" + bank + "=" + m.digestHex()));
            run(command);
        }
    }

    /** The current values of {@code pcrs} in {@code bank}. */
    Map<Integer, byte[]> read(String bank, Iterable<Integer> pcrs) throws Tpm2Exception {
        String selection = bank + ":" + String.join(",",
                java.util.stream.StreamSupport.stream(pcrs.spliterator(), false).map(String::valueOf).toList());
        Map<Integer, byte[]> values = new TreeMap<>();
        for (String line : run(List.of("tpm2_pcrread", selection)).lines().toList()) {
            Matcher m = PCR_LINE.matcher(line);
            if (m.matches()) {
                values.put(Integer.parseInt(m.group(1)), HexFormat.of().parseHex(m.group(2).toLowerCase()));
            }
        }
        return values;
    }

    private String run(List<String> command) throws Tpm2Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TPM2TOOLS_TCTI", tcti);
        try {
            Process process = builder.start();
            String output;
            try (var in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new Tpm2Exception(command.getFirst() + " against " + tcti + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new Tpm2Exception("cannot run " + command.getFirst() + " (install the Debian package tpm2-tools): "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Tpm2Exception("interrupted running " + command.getFirst());
        }
    }

    /** A tpm2-tools command that could not run or failed. */
    static final class Tpm2Exception extends Exception {
        Tpm2Exception(String message) {
            super(message);
        }
    }
}

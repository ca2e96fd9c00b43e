package dev.trustedcompute.tpmquote.cli;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Base of every command: {@link #run()} builds the JSON object; a {@code "valid": false} member makes the exit code
 * 1. Malformed input escapes as {@link EvidenceFormatException} or {@link IOException} and {@link TpmQuoteCli} turns
 * it into exit code 2.
 */
abstract class JsonCommand implements Callable<Integer> {

    /** Evidence files are kilobytes; a CCEL area is at most a few MiB. Larger files are refused unread. */
    private static final long MAX_FILE = 64L * 1024 * 1024;

    @Spec
    CommandSpec spec;

    /** The command's JSON object (mutable map; values as {@link dev.trustedcompute.tpmquote.Jcs#write} takes). */
    abstract Map<String, Object> run() throws IOException, EvidenceFormatException;

    @Override
    public final Integer call() throws IOException, EvidenceFormatException {
        Map<String, Object> json = run();
        TpmQuoteCli.print(spec.commandLine().getOut(), json);
        return Boolean.FALSE.equals(json.get("valid")) ? TpmQuoteCli.NOT_VERIFIED : TpmQuoteCli.VALID;
    }

    /** Marks {@code json} as not verified, saying which check failed and why. */
    static Map<String, Object> failed(Map<String, Object> json, VerificationException e) {
        json.put("valid", false);
        json.put("reason", e.reason().name());
        json.put("error", e.getMessage());
        return json;
    }

    static byte[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE) {
            throw new IOException(file + ": " + size + " bytes exceed the maximum " + MAX_FILE);
        }
        return Files.readAllBytes(file);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** A hex option value (upper or lower case); bad hex is a usage error. */
    byte[] hexOption(String value, String option) {
        try {
            return HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": not hex: " + value);
        }
    }

    /** {@code --at}: an ISO-8601 instant, or now when absent. */
    Instant at(String value) {
        if (value == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--at: not an ISO-8601 instant: " + value);
        }
    }
}

package dev.trustedcompute.testsupport.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Drift check for the committed OpenAPI documents in {@code api-specs/}. A test fetches the spec the running
 * code serves and calls {@link #assertMatchesCommitted}; it fails when they differ. Run the tests with
 * {@code UPDATE_API_SPECS=1} (or {@code -Dtc.updateSpecs=true}) to rewrite the committed file.
 */
public final class OpenApiSpecs {

    private OpenApiSpecs() {
    }

    public static void assertMatchesCommitted(String service, String generated) {
        Path file = repositoryRoot().resolve("api-specs").resolve(service + ".yaml");
        String normalized = normalize(generated);
        boolean update = "1".equals(System.getenv("UPDATE_API_SPECS")) || Boolean.getBoolean("tc.updateSpecs");
        try {
            if (update) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, normalized, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                throw new AssertionError(file + " is missing: run the tests once with UPDATE_API_SPECS=1 and commit it");
            }
            String committed = normalize(Files.readString(file, StandardCharsets.UTF_8));
            if (!committed.equals(normalized)) {
                throw new AssertionError("The OpenAPI spec served by " + service + " differs from " + file
                        + ". If the API change is intended, run the tests with UPDATE_API_SPECS=1 and commit the file."
                        + firstDifference(committed, normalized));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory holding {@code mvnw}, searched upwards from the working directory. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("libs"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("repository root (with mvnw) not found above " + Path.of("").toAbsolutePath());
    }

    private static String normalize(String yaml) {
        String text = yaml.replace("\r\n", "\n");
        // the server URL carries the random test port; it is not part of the contract
        text = text.replaceAll("http://localhost:\\d+", "http://localhost");
        return text.endsWith("\n") ? text : text + "\n";
    }

    private static String firstDifference(String a, String b) {
        String[] left = a.split("\n", -1);
        String[] right = b.split("\n", -1);
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            String l = i < left.length ? left[i] : "<end>";
            String r = i < right.length ? right[i] : "<end>";
            if (!l.equals(r)) {
                return "\nFirst difference at line " + (i + 1) + ":\n  committed: " + l + "\n  code:      " + r;
            }
        }
        return "";
    }
}

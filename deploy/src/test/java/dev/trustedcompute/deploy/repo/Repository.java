package dev.trustedcompute.deploy.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository checked out around the deploy module: its root and the modules the root pom builds. */
public final class Repository {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern SERVICE = Pattern.compile("services/([a-z0-9-]+)");

    private Repository() {
    }

    /** The repository root: the parent of the deploy module, which Surefire runs in. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        Path root = dir.getFileName().toString().equals("deploy") ? dir.getParent() : dir;
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("deploy"))) {
            throw new IllegalStateException("run from the repository root or the deploy module, not " + dir);
        }
        return root;
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code services/<name>} module listed in the root pom, by name ({@code cms}, {@code trust-agent}). */
    public static List<String> serviceModules() {
        Matcher modules = MODULE.matcher(read("pom.xml"));
        java.util.ArrayList<String> services = new java.util.ArrayList<>();
        while (modules.find()) {
            Matcher service = SERVICE.matcher(modules.group(1).strip());
            if (service.matches()) {
                services.add(service.group(1));
            }
        }
        if (services.isEmpty()) {
            throw new IllegalStateException("the root pom lists no services/* module");
        }
        return List.copyOf(services);
    }
}

package dev.trustedcompute.deploy.compose;

import dev.trustedcompute.deploy.repo.Repository;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files the bootstrap jobs write for services, read from the scripts' helper calls:
 * {@code secret <service> <name> ...}, {@code database <service> <database> <name>}, {@code put <service> <name> ...},
 * {@code token <service> <name> ...} and {@code tls <service>} (which writes the identity token and root pin).
 */
public final class BootstrapScripts {

    private static final Pattern CALL = Pattern.compile(
            "^\\s*(secret|database|put|token|tls)\\s+\"?([a-z][a-z0-9-]*)\"?(?:\\s+\"?([A-Za-z0-9_.\\-]+)\"?)?(?:\\s+\"?([A-Za-z0-9_.\\-]+)\"?)?",
            Pattern.MULTILINE);

    /** A file one job writes into {@code /run/tc/<service>/<name>}. */
    public record Written(String script, String service, String name) {
    }

    /** A database the secrets job provisions for a service. */
    public record Database(String service, String database, String passwordName) {
    }

    private BootstrapScripts() {
    }

    public static List<Written> written(String script) {
        Set<Written> written = new LinkedHashSet<>();
        Matcher call = CALL.matcher(Repository.read("deploy/compose/bootstrap/" + script));
        while (call.find()) {
            String service = call.group(2);
            switch (call.group(1)) {
                case "tls" -> {
                    written.add(new Written(script, service, "tc.identity.bootstrap-token"));
                    written.add(new Written(script, service, "tc.identity.cms-root-sha384"));
                }
                case "database" -> written.add(new Written(script, service, call.group(4)));
                default -> {
                    if (call.group(3) != null) {
                        written.add(new Written(script, service, call.group(3)));
                    }
                }
            }
        }
        return List.copyOf(written);
    }

    public static Map<String, Database> databases(String script) {
        Map<String, Database> databases = new LinkedHashMap<>();
        Matcher call = CALL.matcher(Repository.read("deploy/compose/bootstrap/" + script));
        while (call.find()) {
            if (call.group(1).equals("database")) {
                databases.put(call.group(2), new Database(call.group(2), call.group(3), call.group(4)));
            }
        }
        return databases;
    }
}

package dev.trustedcompute.deploy.config;

import dev.trustedcompute.deploy.repo.ModulePom;
import dev.trustedcompute.deploy.repo.Repository;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings a service module reads, so a deployment can be checked for misspelt or dangling variables. Derived
 * from the code, never listed by hand:
 * <ul>
 *   <li>{@code @ConfigurationProperties} types of the module and of the project libraries it uses (service-kit),
 *       walked through nested records; environment names follow Spring's relaxed binding
 *       ({@code tc.cms.key-store-password} = {@code TC_CMS_KEYSTOREPASSWORD} or {@code TC_CMS_KEY_STORE_PASSWORD});</li>
 *   <li>placeholders: {@code ${TC_CMS_DB_URL:...}} in application.yaml, {@code ${tc.x.y}} in {@code @Value},
 *       picocli's {@code ${env:NAME}}, and {@code System.getenv("NAME")};</li>
 *   <li>Spring Boot's own keys ({@code spring.*}, {@code server.*}, {@code management.*}) from its configuration
 *       metadata, for Spring Boot modules only.</li>
 * </ul>
 */
public final class ServiceSettings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(:-?)?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS");
    private static final Map<String, ServiceSettings> CACHE = new ConcurrentHashMap<>();

    private final String service;
    private final boolean spring;
    private final Set<String> directEnv;
    private final Set<String> requiredEnv;
    private final Set<SettingName> properties;

    private ServiceSettings(String service, boolean spring, Set<String> directEnv, Set<String> requiredEnv,
                            Set<SettingName> properties) {
        this.service = service;
        this.spring = spring;
        this.directEnv = directEnv;
        this.requiredEnv = requiredEnv;
        this.properties = properties;
    }

    /** Settings of {@code services/<service>} (read once per test JVM). */
    public static ServiceSettings of(String service) {
        return CACHE.computeIfAbsent(service, ServiceSettings::read);
    }

    private static ServiceSettings read(String service) {
        Path module = Repository.path("services/" + service);
        ModulePom pom = ModulePom.read(module);
        Set<String> directEnv = new TreeSet<>();
        Set<String> requiredEnv = new TreeSet<>();
        Set<SettingName> properties = new LinkedHashSet<>();
        SourceScan scan = SourceScan.of(sourceRoots(pom));
        properties.addAll(scan.properties());
        directEnv.addAll(scan.environmentNames());
        ApplicationYaml.of(module).ifPresent(yaml -> yaml.properties().forEach((key, value) -> {
            properties.add(SettingName.ofYamlKey(key));
            Matcher placeholder = PLACEHOLDER.matcher(value);
            while (placeholder.find()) {
                String name = placeholder.group(1).strip();
                if (ENV_NAME.matcher(name).matches()) {
                    directEnv.add(name);
                    if (placeholder.group(2) == null) {
                        requiredEnv.add(name);
                    }
                } else {
                    properties.add(SettingName.value(name));
                }
            }
        }));
        return new ServiceSettings(service, pom.spring(), Set.copyOf(directEnv), Set.copyOf(requiredEnv),
                Set.copyOf(properties));
    }

    /** The module's sources and those of the project libraries it depends on, transitively. */
    private static Set<Path> sourceRoots(ModulePom pom) {
        Set<Path> roots = new LinkedHashSet<>();
        Deque<ModulePom> pending = new ArrayDeque<>();
        pending.add(pom);
        while (!pending.isEmpty()) {
            ModulePom next = pending.pop();
            if (roots.add(next.dir().resolve("src/main/java"))) {
                for (String library : next.projectLibraries()) {
                    pending.add(ModulePom.read(Repository.path("libs/" + library)));
                }
            }
        }
        return roots;
    }

    public String service() {
        return service;
    }

    public boolean spring() {
        return spring;
    }

    /** Environment variables the service reads by exactly this name (placeholders, getenv). */
    public Set<String> directEnvironment() {
        return directEnv;
    }

    /** Placeholders in application.yaml without a default: the service cannot start without them. */
    public Set<String> requiredEnvironment() {
        return requiredEnv;
    }

    /** True when setting this environment variable changes something in the service. */
    public boolean readsEnvironment(String name) {
        if (directEnv.contains(name) || JVM_ENV.contains(name)) {
            return true;
        }
        return spring && (properties.stream().anyMatch(p -> p.matchesEnvironment(name))
                || SpringBootMetadata.properties().stream().anyMatch(p -> p.matchesEnvironment(name)));
    }

    /** True when this Spring property name (as in a config tree file name) binds to something. */
    public boolean readsProperty(String name) {
        String canonical = name.toLowerCase(Locale.ROOT);
        return spring && (properties.stream().anyMatch(p -> p.matchesProperty(canonical))
                || SpringBootMetadata.properties().stream().anyMatch(p -> p.matchesProperty(canonical)));
    }

    @Override
    public String toString() {
        return service + " settings: " + properties.size() + " properties, environment " + directEnv;
    }
}

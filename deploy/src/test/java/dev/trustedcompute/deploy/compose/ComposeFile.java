package dev.trustedcompute.deploy.compose;

import dev.trustedcompute.deploy.repo.Repository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/compose/docker-compose.yml} as Compose sees it after YAML merge keys ({@code <<: *service}):
 * the raw document (for the schema) and typed views of what the checks need.
 */
public record ComposeFile(Map<String, Object> document) {

    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*):-([^}]*)}");

    public static ComposeFile load() {
        return parse(Repository.read("deploy/compose/docker-compose.yml"));
    }

    public static ComposeFile parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Map<String, Object> document = new Yaml(options).load(yaml);
        return new ComposeFile(document);
    }

    /** A service entry. */
    public record Service(String name, Map<String, Object> definition) {

        /** Image with {@code ${VAR:-default}} resolved to its default. */
        public String image() {
            Matcher matcher = DEFAULTED.matcher(String.valueOf(definition.get("image")));
            return matcher.replaceAll(m -> Matcher.quoteReplacement(m.group(2)));
        }

        /** Image name without registry and tag: {@code trustedcompute/cms:1.0} is {@code cms}. */
        public String imageName() {
            String image = image();
            String withoutTag = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
            return withoutTag.substring(withoutTag.lastIndexOf('/') + 1);
        }

        public Map<String, String> environment() {
            Object environment = definition.get("environment");
            Map<String, String> result = new LinkedHashMap<>();
            if (environment instanceof Map<?, ?> map) {
                map.forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
            } else if (environment instanceof List<?> list) {
                list.forEach(item -> {
                    String[] pair = String.valueOf(item).split("=", 2);
                    result.put(pair[0], pair.length == 2 ? pair[1] : "");
                });
            }
            return result;
        }

        /** {@code depends_on} target -> condition ({@code service_started} for the short form). */
        public Map<String, String> dependsOn() {
            Object dependsOn = definition.get("depends_on");
            Map<String, String> result = new LinkedHashMap<>();
            if (dependsOn instanceof List<?> list) {
                list.forEach(name -> result.put(String.valueOf(name), "service_started"));
            } else if (dependsOn instanceof Map<?, ?> map) {
                map.forEach((name, spec) -> result.put(String.valueOf(name),
                        String.valueOf(((Map<?, ?>) spec).get("condition"))));
            }
            return result;
        }

        /** Short-form volume mounts as {@code source:target[:mode]}. */
        public List<String> volumes() {
            Object volumes = definition.get("volumes");
            return volumes instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        }

        /** Where the named volume is mounted, if it is. */
        public Optional<String> mountOf(String volume) {
            return volumes().stream().map(v -> v.split(":")).filter(parts -> parts[0].equals(volume))
                    .map(parts -> parts[1]).findFirst();
        }

        public List<String> ports() {
            Object ports = definition.get("ports");
            return ports instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        }

        public Optional<List<String>> entrypoint() {
            return definition.get("entrypoint") instanceof List<?> list
                    ? Optional.of(list.stream().map(String::valueOf).toList()) : Optional.empty();
        }

        /** Services it calls only once running, listed in {@code x-calls-later} (so it need not wait for them). */
        public List<String> callsLater() {
            Object later = definition.get("x-calls-later");
            return later instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        }

        /** A one-shot job: never restarted. */
        public boolean job() {
            return "no".equals(String.valueOf(definition.get("restart")));
        }

        public boolean hasHealthCheck() {
            return definition.get("healthcheck") instanceof Map<?, ?> check && !Boolean.TRUE.equals(check.get("disable"));
        }
    }

    public Map<String, Service> services() {
        Map<String, Service> services = new LinkedHashMap<>();
        ((Map<?, ?>) document.get("services")).forEach((name, definition) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) definition;
            services.put(String.valueOf(name), new Service(String.valueOf(name), map));
        });
        return services;
    }

    public Service service(String name) {
        Service service = services().get(name);
        if (service == null) {
            throw new IllegalArgumentException("docker-compose.yml has no service " + name);
        }
        return service;
    }
}

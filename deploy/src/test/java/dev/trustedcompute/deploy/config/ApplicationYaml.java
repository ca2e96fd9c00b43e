package dev.trustedcompute.deploy.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/** A service's {@code application.yaml} (or {@code .yml}) flattened to Spring property names. */
public record ApplicationYaml(Map<String, String> properties) {

    public static Optional<ApplicationYaml> of(Path module) {
        for (String name : List.of("application.yaml", "application.yml")) {
            Path file = module.resolve("src/main/resources").resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    Map<String, String> flat = new LinkedHashMap<>();
                    for (Object document : new Yaml().loadAll(Files.readString(file))) {
                        flatten("", document, flat);
                    }
                    return Optional.of(new ApplicationYaml(Map.copyOf(flat)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return Optional.empty();
    }

    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child, out));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), out);
            }
        } else if (!prefix.isEmpty()) {
            out.put(prefix, String.valueOf(value));
        }
    }

    public Optional<Integer> serverPort() {
        return Optional.ofNullable(properties.get("server.port")).map(Integer::valueOf);
    }
}

package dev.trustedcompute.deploy.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Spring Boot's own properties, from the {@code META-INF/spring-configuration-metadata.json} files of the Boot jars
 * on the test class path (core, auto-configuration, actuator).
 */
final class SpringBootMetadata {

    private static final Set<SettingName> PROPERTIES = load();

    private SpringBootMetadata() {
    }

    static Set<SettingName> properties() {
        return PROPERTIES;
    }

    private static Set<SettingName> load() {
        ObjectMapper json = new ObjectMapper();
        Set<SettingName> names = new LinkedHashSet<>();
        try {
            for (URL url : Collections.list(SpringBootMetadata.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        String type = property.path("type").asText("");
                        boolean map = type.startsWith("java.util.Map");
                        boolean list = type.startsWith("java.util.List") || type.endsWith("[]");
                        names.add(new SettingName(property.path("name").asText(),
                                map ? SettingName.Shape.MAP : list ? SettingName.Shape.LIST : SettingName.Shape.VALUE));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (names.stream().noneMatch(n -> n.name().equals("management.server.port"))
                || names.stream().noneMatch(n -> n.name().equals("spring.config.import"))) {
            throw new IllegalStateException("Spring Boot's configuration metadata is not on the test class path");
        }
        return Set.copyOf(names);
    }
}

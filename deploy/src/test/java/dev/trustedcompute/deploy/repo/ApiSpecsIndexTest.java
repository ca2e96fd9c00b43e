package dev.trustedcompute.deploy.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.deploy.config.ApplicationYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** api-specs/README.md indexes every document, and every service with an HTTP port has one. */
class ApiSpecsIndexTest {

    @Test
    void readmeWhenComparedWithTheDocumentsThenListsEachOfThem() throws IOException {
        String readme = Repository.read("api-specs/README.md");
        try (Stream<Path> files = Files.list(Repository.path("api-specs"))) {
            List<String> documents = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).toList();
            assertThat(documents).contains("asyncapi.yaml")
                    .allSatisfy(name -> assertThat(readme).contains("[`" + name + "`](" + name + ")"));
        }
    }

    @Test
    void servicesWhenTheyListenOnAPortThenHaveAnOpenApiDocument() {
        for (String service : Repository.serviceModules()) {
            boolean http = ApplicationYaml.of(Repository.path("services/" + service))
                    .flatMap(ApplicationYaml::serverPort).isPresent();
            assertThat(Files.isRegularFile(Repository.path("api-specs/" + service + ".yaml")))
                    .as("api-specs/%s.yaml", service).isEqualTo(http);
        }
    }
}

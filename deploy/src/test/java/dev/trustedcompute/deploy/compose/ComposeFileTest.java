package dev.trustedcompute.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.trustedcompute.deploy.compose.BootstrapScripts.Written;
import dev.trustedcompute.deploy.compose.ComposeFile.Service;
import dev.trustedcompute.deploy.config.ApplicationYaml;
import dev.trustedcompute.deploy.config.ServiceSettings;
import dev.trustedcompute.deploy.images.Dockerfile;
import dev.trustedcompute.deploy.images.ImageCatalogue;
import dev.trustedcompute.deploy.repo.Repository;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/compose: the file is valid Compose, runs every service module with only settings that service reads,
 * feeds each the secrets the bootstrap jobs write, and starts everything in bootstrap order.
 */
class ComposeFileTest {

    private static final Pattern SERVICE_URL = Pattern.compile("(?:https?|nats|jdbc:postgresql)://([a-z0-9-]+):\\d+");
    private static final String SECRETS_VOLUME = "secrets";
    private static final String SECRETS_MOUNT = "/run/tc";

    private static JsonSchema schema;
    private static ComposeFile compose;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/compose-spec/compose-spec.json")) {
            // the schema still carries draft-04's "id" beside its 2019-09 $schema: accepted as an annotation
            JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV201909())
                    .keyword(new NonValidationKeyword("id")).build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909,
                    builder -> builder.metaSchema(metaSchema)).getSchema(in);
        }
        compose = ComposeFile.load();
    }

    static Stream<String> serviceModules() {
        return Repository.serviceModules().stream();
    }

    /** One-shot jobs running a bootstrap script. */
    static Stream<String> bootstrapJobs() {
        return compose().services().values().stream().filter(Service::job)
                .filter(s -> s.entrypoint().map(e -> e.getLast().startsWith("/bootstrap/")).orElse(false))
                .map(Service::name);
    }

    /** Containers that run a service module's own entrypoint (the service, or a job of its CLI). */
    static Stream<String> moduleContainers() {
        return compose().services().values().stream()
                .filter(s -> Repository.serviceModules().contains(s.imageName()) && s.entrypoint().isEmpty())
                .map(Service::name);
    }

    private static ComposeFile compose() {
        return compose != null ? compose : ComposeFile.load();
    }

    @Test
    void composeFileWhenValidatedAgainstComposeSpecThenHasNoErrors() {
        assertThat(validate(compose)).isEmpty();
    }

    @Test
    void composeFileWhenAnOptionIsMisspeltThenSchemaRejectsIt() {
        String yaml = Repository.read("deploy/compose/docker-compose.yml").replace("    depends_on:\n", "    depends_onn:\n");
        assertThat(validate(ComposeFile.parse(yaml))).anyMatch(m -> m.contains("depends_onn"));
    }

    @Test
    void servicesWhenComparedWithRootPomThenEveryServiceModuleRunsItsOwnImage() {
        Map<String, Service> services = compose.services();
        for (String module : Repository.serviceModules()) {
            assertThat(services).as("compose service for services/" + module).containsKey(module);
            assertThat(services.get(module).imageName()).isEqualTo(module);
            assertThat(services.get(module).entrypoint()).as(module + " keeps its image's entrypoint").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moduleContainers")
    void environmentWhenComparedWithTheServiceSettingsThenEveryVariableIsReadAndNoneRequiredIsMissing(String name) {
        Service service = compose.service(name);
        ServiceSettings settings = ServiceSettings.of(service.imageName());
        Set<String> provided = new HashSet<>(service.environment().keySet());
        provided.addAll(secretsFor(service.imageName()));
        assertThat(service.environment().keySet()).as("variables %s does not read", name)
                .allSatisfy(variable -> assertThat(settings.readsEnvironment(variable)).as(variable).isTrue());
        assertThat(provided).as("required settings of " + name).containsAll(settings.requiredEnvironment());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bootstrapJobs")
    void bootstrapJobWhenItWritesSecretsThenEachFileIsReadByTheContainerItIsFor(String job) {
        for (Written file : BootstrapScripts.written(script(compose.service(job)))) {
            String path = SECRETS_MOUNT + "/" + file.service() + "/" + file.name();
            if (!Repository.serviceModules().contains(file.service())) {
                // a file for another job: that job's script reads it
                assertThat(Repository.read("deploy/compose/bootstrap/" + script(compose.service(file.service()))))
                        .as("%s writes %s for %s", job, path, file.service()).contains(path);
                assertThat(reachable(file.service())).contains(job);
                continue;
            }
            ServiceSettings settings = ServiceSettings.of(file.service());
            if (settings.spring()) {
                // a Spring config tree: the file name is a property or placeholder the service reads
                assertThat(settings.readsProperty(file.name()) || settings.directEnvironment().contains(file.name()))
                        .as("%s writes %s, which %s does not read", job, path, file.service()).isTrue();
                Service reader = compose.service(file.service());
                assertThat(reader.environment().get("SPRING_CONFIG_IMPORT"))
                        .contains("configtree:" + SECRETS_MOUNT + "/" + file.service() + "/");
                assertThat(reader.mountOf(SECRETS_VOLUME)).contains(SECRETS_MOUNT);
                assertThat(reachable(file.service())).as("%s starts after %s", file.service(), job).contains(job);
            } else {
                // a plain file: a container of that image names it in a setting the service reads
                List<Service> readers = compose.services().values().stream()
                        .filter(s -> s.imageName().equals(file.service()) && s.environment().containsValue(path)).toList();
                assertThat(readers).as("a %s container reading %s", file.service(), path).isNotEmpty()
                        .allSatisfy(reader -> {
                            assertThat(reader.mountOf(SECRETS_VOLUME)).contains(SECRETS_MOUNT);
                            assertThat(reachable(reader.name())).as("%s starts after %s", reader.name(), job).contains(job);
                        });
            }
        }
    }

    @Test
    void databasesWhenProvisionedThenEachServiceConnectsToItsOwnDatabaseAsItsOwnRole() {
        Map<String, BootstrapScripts.Database> databases = BootstrapScripts.databases("secrets.sh");
        for (Service service : compose.services().values()) {
            service.environment().forEach((name, value) -> {
                if (value.startsWith("jdbc:postgresql://")) {
                    BootstrapScripts.Database database = databases.get(service.name());
                    assertThat(database).as("database provisioned for " + service.name()).isNotNull();
                    assertThat(value).endsWith("/" + database.database());
                    assertThat(service.environment()).as("database user of " + service.name())
                            .containsValue(database.database());
                }
            });
        }
    }

    @Test
    void dependsOnWhenAServiceCallsAnotherThenItWaitsUntilThatOneIsHealthy() {
        Map<String, Service> services = compose.services();
        for (Service service : services.values()) {
            for (String value : service.environment().values()) {
                Matcher url = SERVICE_URL.matcher(value);
                while (url.find()) {
                    String target = url.group(1);
                    if (services.containsKey(target) && !target.equals(service.name())
                            && !service.callsLater().contains(target)) {
                        assertThat(service.dependsOn()).as("%s calls %s", service.name(), target)
                                .containsEntry(target, "service_healthy");
                    }
                }
            }
        }
    }

    @Test
    void dependsOnWhenConditionsAreUsedThenTargetsHaveHealthChecksOrRunOnceAndTheGraphHasNoCycle() {
        Map<String, Service> services = compose.services();
        for (Service service : services.values()) {
            service.dependsOn().forEach((target, condition) -> {
                assertThat(services).as("%s depends on an unknown service", service.name()).containsKey(target);
                switch (condition) {
                    case "service_healthy" -> assertThat(hasHealthCheck(services.get(target)))
                            .as("%s waits for %s to be healthy, which has no health check", service.name(), target)
                            .isTrue();
                    case "service_completed_successfully" -> assertThat(services.get(target).job())
                            .as("%s waits for %s to complete: it must be a one-shot (restart: no)", service.name(), target)
                            .isTrue();
                    default -> throw new AssertionError(service.name() + " depends on " + target + " only being started");
                }
            });
            assertThat(reachable(service.name())).as("dependency cycle through " + service.name())
                    .doesNotContain(service.name());
        }
        for (Service service : services.values()) {
            if (!service.job()) {
                assertThat(hasHealthCheck(service)).as("health check of " + service.name()).isTrue();
            }
        }
    }

    @Test
    void portsWhenPublishedThenBindToLoopbackAndMatchTheServicePort() {
        for (Service service : compose.services().values()) {
            for (String port : service.ports()) {
                assertThat(port).as("published port of " + service.name()).startsWith("127.0.0.1:");
                Optional<Integer> serverPort = Repository.serviceModules().contains(service.name())
                        ? ApplicationYaml.of(Repository.path("services/" + service.name())).flatMap(ApplicationYaml::serverPort)
                        : Optional.empty();
                serverPort.ifPresent(p -> assertThat(port).endsWith(":" + p + ":" + p));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bootstrapJobs")
    void bootstrapScriptWhenCheckedByBashThenParses(String job) throws Exception {
        String script = script(compose.service(job));
        Process bash = new ProcessBuilder("bash", "-n", Repository.path("deploy/compose/bootstrap/" + script).toString())
                .redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes())).isZero();
    }

    private static List<String> validate(ComposeFile file) {
        Set<ValidationMessage> messages = schema.validate(new ObjectMapper().valueToTree(file.document()));
        return messages.stream().map(ValidationMessage::getMessage).toList();
    }

    /** The script a job runs: {@code ["/bin/sh", "/bootstrap/x.sh"]}. */
    private static String script(Service job) {
        List<String> entrypoint = job.entrypoint().orElseThrow(() -> new AssertionError(job.name() + " has no entrypoint"));
        String path = entrypoint.getLast();
        assertThat(path).as("entrypoint of " + job.name()).startsWith("/bootstrap/");
        return path.substring("/bootstrap/".length());
    }

    /** Every service this one waits for, directly or through others. */
    private static Set<String> reachable(String from) {
        Map<String, Service> services = compose().services();
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(services.get(from).dependsOn().keySet());
        while (!pending.isEmpty()) {
            String next = pending.pop();
            if (seen.add(next) && services.containsKey(next)) {
                pending.addAll(services.get(next).dependsOn().keySet());
            }
        }
        return seen;
    }

    /** Its own health check, or the HEALTHCHECK of our image it runs. */
    private static boolean hasHealthCheck(Service service) {
        if (service.hasHealthCheck()) {
            return true;
        }
        return ImageCatalogue.entries().stream().filter(e -> e.image().equals(service.imageName())).findFirst()
                .map(e -> Dockerfile.parse(Repository.read("deploy/images/" + e.dockerfile())).finalStage())
                .map(stage -> !stage.all("HEALTHCHECK").isEmpty()).orElse(false);
    }

    /** Names of the files the bootstrap jobs write for this service. */
    private static List<String> secretsFor(String service) {
        List<String> names = new ArrayList<>();
        bootstrapJobs().forEach(job -> BootstrapScripts.written(script(compose().service(job))).stream()
                .filter(w -> w.service().equals(service)).forEach(w -> names.add(w.name())));
        return names;
    }
}

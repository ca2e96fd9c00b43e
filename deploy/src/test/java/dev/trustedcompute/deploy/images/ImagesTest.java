package dev.trustedcompute.deploy.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.deploy.config.ApplicationYaml;
import dev.trustedcompute.deploy.config.ServiceSettings;
import dev.trustedcompute.deploy.images.Dockerfile.Instruction;
import dev.trustedcompute.deploy.images.Dockerfile.Stage;
import dev.trustedcompute.deploy.images.ImageCatalogue.Entry;
import dev.trustedcompute.deploy.repo.ModulePom;
import dev.trustedcompute.deploy.repo.Repository;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy/images: every service has an image, and each Dockerfile builds a small, non-root, checked runtime. */
class ImagesTest {

    private static final Pattern BUILD_TOOLS = Pattern.compile("\\b(mvn|mvnw|gradle|gradlew|javac|jlink|gcc|make)\\b|jdk",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ENV_NAME = Pattern.compile("(?:^|\\s)([A-Z][A-Z0-9_]*)=");
    private static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
            "application");

    static Stream<Entry> images() {
        return ImageCatalogue.entries().stream();
    }

    static Stream<Entry> moduleImages() {
        return images().filter(e -> e.module().isPresent());
    }

    @Test
    void catalogueWhenComparedWithRootPomThenEveryServiceModuleHasAnImage() {
        List<String> imaged = images().flatMap(e -> e.serviceName().stream()).toList();
        assertThat(imaged).containsExactlyInAnyOrderElementsOf(Repository.serviceModules());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void dockerfileWhenParsedThenFinalStageRunsAsNonRootWithHealthCheckAndNoBuildTools(Entry image) {
        Dockerfile dockerfile = dockerfile(image);
        Stage last = dockerfile.finalStage();
        Map<String, String> args = new java.util.HashMap<>(dockerfile.globalArgs());
        args.putAll(Dockerfile.stageArgs(last));

        List<Instruction> users = last.all("USER");
        assertThat(users).as("USER in the final stage").isNotEmpty();
        String user = Dockerfile.expand(users.getLast().arguments(), args).split(":")[0];
        assertThat(user).as("final USER").isNotIn("0", "root").matches("[1-9][0-9]*|[a-z_][a-z0-9_-]*");

        List<Instruction> healthChecks = last.all("HEALTHCHECK");
        assertThat(healthChecks).as("HEALTHCHECK").hasSize(1);
        assertThat(healthChecks.getFirst().arguments()).doesNotStartWith("NONE").contains("CMD");
        assertThat(healthChecks.getFirst().execForm()).as("HEALTHCHECK in exec form").isTrue();
        assertThat(last.all("ENTRYPOINT")).as("ENTRYPOINT").hasSize(1)
                .allSatisfy(entrypoint -> assertThat(entrypoint.execForm()).as("ENTRYPOINT in exec form").isTrue());

        assertThat(last.baseImage()).doesNotContainIgnoringCase("jdk");
        for (Instruction instruction : last.instructions()) {
            if (!instruction.keyword().equals("FROM") && !instruction.keyword().equals("COPY")) {
                assertThat(BUILD_TOOLS.matcher(instruction.arguments()).find())
                        .as("line %d of %s uses a build tool: %s", instruction.line(), image.dockerfile(),
                                instruction.arguments())
                        .isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moduleImages")
    void dockerfileWhenItRunsAModuleJarThenItCopiesTheLayersOfThatJarOntoAJre(Entry image) {
        Dockerfile dockerfile = dockerfile(image);
        Stage last = dockerfile.finalStage();
        assertThat(last.baseImage()).as("final base image").matches(".*(-jre\\b.*|distroless/java\\d+.*)");

        Stage layers = dockerfile.stages().stream().filter(s -> "layers".equals(s.name())).findFirst().orElseThrow();
        assertThat(layers.all("ARG")).extracting(Instruction::arguments).contains("JAR_FILE");
        assertThat(layers.all("COPY")).extracting(Instruction::arguments).anyMatch(a -> a.startsWith("${JAR_FILE} "));
        assertThat(layers.all("RUN")).extracting(Instruction::arguments)
                .anyMatch(a -> a.contains("-Djarmode=tools") && a.contains("extract --layers"));
        List<String> copied = last.all("COPY").stream().map(Instruction::arguments).toList();
        for (String layer : LAYERS) {
            assertThat(copied).contains("--from=layers /build/extracted/" + layer + "/ ./");
        }
        assertThat(last.all("ENTRYPOINT").getFirst().arguments()).contains("/app/application.jar");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moduleImages")
    void dockerfileWhenItSetsEnvironmentThenTheServiceReadsEveryVariable(Entry image) {
        ServiceSettings settings = ServiceSettings.of(image.serviceName().orElseThrow());
        Stage last = dockerfile(image).finalStage();
        List<String> names = last.all("ENV").stream()
                .flatMap(env -> ENV_NAME.matcher(env.arguments()).results().map(m -> m.group(1))).toList();
        assertThat(names).isNotEmpty()
                .allSatisfy(name -> assertThat(settings.readsEnvironment(name)).as("%s reads %s", image.image(), name).isTrue());
        String healthCheck = last.all("HEALTHCHECK").getFirst().arguments();
        if (healthCheck.contains("http://127.0.0.1:9000/")) {
            // the management server inherits the service port's TLS unless told otherwise: probes need plain HTTP
            assertThat(names).contains("MANAGEMENT_SERVER_PORT", "MANAGEMENT_SERVER_SSL_ENABLED");
            assertThat(last.all("ENV").stream().map(Instruction::arguments).collect(java.util.stream.Collectors.joining(" ")))
                    .contains("MANAGEMENT_SERVER_PORT=9000").contains("MANAGEMENT_SERVER_SSL_ENABLED=false");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moduleImages")
    void moduleWhenPackagedThenBuildsTheJarBuildShPassesAndListensOnTheCataloguePort(Entry image) {
        String module = image.module().orElseThrow();
        ModulePom pom = ModulePom.read(Repository.path(module));
        // build.sh passes <module>/target/<module dir name>-<version>.jar
        assertThat(pom.artifactId()).isEqualTo(image.serviceName().orElseThrow());
        assertThat(pom.repackaged()).as("spring-boot-maven-plugin repackage in " + module).isTrue();

        Optional<Integer> port = ApplicationYaml.of(Repository.path(module)).flatMap(ApplicationYaml::serverPort);
        assertThat(port).as("server.port of " + module)
                .isEqualTo(image.port().isPresent() ? Optional.of(image.port().getAsInt()) : Optional.empty());
    }

    @Test
    void buildScriptWhenCheckedByBashThenParsesAndIsExecutable() throws Exception {
        var script = Repository.path("deploy/images/build.sh");
        assertThat(Files.isExecutable(script)).isTrue();
        Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void parseWhenInstructionIsUnknownOrContinuationNeverEndsThenFails() {
        assertThatThrownBy(() -> Dockerfile.parse("FROM scratch\nCOPPY a b\n"))
                .hasMessageContaining("line 2: unknown instruction COPPY");
        assertThatThrownBy(() -> Dockerfile.parse("FROM scratch\nRUN true \\\n"))
                .hasMessageContaining("ends inside a continued instruction");
        assertThatThrownBy(() -> Dockerfile.parse("RUN true\nFROM scratch\n")).hasMessageContaining("must start with FROM");
    }

    @Test
    void parseWhenLinesContinueThenJoinsThemIntoOneInstructionPerStage() {
        Dockerfile dockerfile = Dockerfile.parse("""
                ARG BASE=eclipse-temurin:21-jre
                FROM ${BASE} AS layers
                # comment
                RUN a \\
                  && b
                FROM ${BASE}
                USER 10001
                """);
        assertThat(dockerfile.stages()).hasSize(2);
        assertThat(dockerfile.stages().getFirst().name()).isEqualTo("layers");
        assertThat(dockerfile.stages().getFirst().all("RUN").getFirst().arguments()).isEqualTo("a && b");
        assertThat(dockerfile.finalStage().baseImage()).isEqualTo("eclipse-temurin:21-jre");
    }

    private static Dockerfile dockerfile(Entry image) {
        return Dockerfile.parse(Repository.read("deploy/images/" + image.dockerfile()));
    }
}

package dev.trustedcompute.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.trustedcompute.deploy.config.ServiceSettings;
import dev.trustedcompute.deploy.images.ImageCatalogue;
import dev.trustedcompute.deploy.repo.Repository;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/helm: {@code helm lint} and {@code helm template} through helm-java (Helm's own Go code, no cluster), the
 * manifests parsed with fabric8 and checked: every service deployed, probes, non-root read-only containers,
 * RBAC, disruption budgets, network policies, pollDuration, and only settings the services read.
 */
class HelmChartTest {

    private static final String AGENT = "trust-agent";
    private static RenderedChart defaults;
    private static RenderedChart highAvailability;

    @BeforeAll
    static void render() {
        defaults = RenderedChart.render(command -> command);
        highAvailability = RenderedChart.render(command -> command.withValuesFile(RenderedChart.CHART.resolve("values-ha.yaml")));
    }

    static Stream<String> verifierServices() {
        return Repository.serviceModules().stream().filter(name -> !name.equals(AGENT));
    }

    @Test
    void lintWhenRunStrictlyThenPasses() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verifierServices")
    void deploymentWhenRenderedThenProbesSecurityContextPdbAndNetworkPolicyAreThere(String service) {
        Deployment deployment = defaults.named(Deployment.class, RenderedChart.name(service));
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().getFirst();
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            assertThat(probe).as("probes of " + service).isNotNull();
            assertThat(probe.getHttpGet().getPath()).startsWith("/actuator/health/");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
        }
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertNonRootReadOnly(pod);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("trustedcompute/" + service + ":" + chartAppVersion());
        assertThat(ImageCatalogue.entries()).anyMatch(image -> image.image().equals(service));

        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        assertThat(defaults.all(PodDisruptionBudget.class))
                .anyMatch(pdb -> pdb.getSpec().getSelector().getMatchLabels().equals(selector));
        assertThat(defaults.all(NetworkPolicy.class))
                .anyMatch(policy -> policy.getSpec().getPodSelector().getMatchLabels().equals(selector)
                        && policy.getSpec().getPolicyTypes().contains("Ingress"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verifierServices")
    void deploymentWhenRenderedThenEveryVariableAndSecretIsASettingTheServiceReads(String service) {
        ServiceSettings settings = ServiceSettings.of(service);
        Container container = defaults.named(Deployment.class, RenderedChart.name(service))
                .getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getEnv()).extracting(EnvVar::getName)
                .allSatisfy(name -> assertThat(settings.readsEnvironment(name)).as("%s reads %s", service, name).isTrue());
        // the bootstrap job's plan: "secret <secret> <key> <kind>" and "token <service> <key> <permission>"
        List<String[]> plan = defaults.named(ConfigMap.class, RenderedChart.name("bootstrap")).getData().get("plan")
                .lines().map(String::strip).map(line -> line.split("\\s+")).toList();
        List<String> files = plan.stream()
                .filter(step -> (step[0].equals("secret") && step[1].equals(RenderedChart.name(service) + "-secrets"))
                        || (step[0].equals("token") && step[1].equals(service)))
                .map(step -> step[2]).toList();
        assertThat(files).isNotEmpty().allSatisfy(key -> assertThat(
                settings.readsProperty(key) || settings.directEnvironment().contains(key))
                .as("%s reads the config tree file %s", service, key).isTrue());
    }

    @Test
    void deploymentsWhenRenderedThenEveryServiceModuleIsDeployed() {
        for (String service : Repository.serviceModules()) {
            if (service.equals(AGENT)) {
                assertThat(defaults.named(DaemonSet.class, RenderedChart.name(AGENT))).isNotNull();
            } else {
                assertThat(defaults.named(Deployment.class, RenderedChart.name(service))).isNotNull();
            }
        }
    }

    @Test
    void attestationManagerWhenRenderedThenPollDurationReachesItsEnvironment() {
        assertThat(env(defaults, "attestation-manager")).containsEntry("TC_AM_POLL_DURATION", "60");
        RenderedChart changed = RenderedChart.render(command -> command.set("pollDuration", "15"));
        assertThat(env(changed, "attestation-manager")).containsEntry("TC_AM_POLL_DURATION", "15");
    }

    @Test
    void rbacWhenRenderedThenOnlyTheManagerGetsClusterAccessAndOnlyToNodes() {
        List<ClusterRole> clusterRoles = defaults.all(ClusterRole.class);
        assertThat(clusterRoles).hasSize(1);
        List<PolicyRule> rules = clusterRoles.getFirst().getRules();
        assertThat(rules).hasSize(1);
        assertThat(rules.getFirst().getApiGroups()).containsExactly("");
        assertThat(rules.getFirst().getResources()).containsExactly("nodes");
        assertThat(rules.getFirst().getVerbs()).containsExactlyInAnyOrder("get", "list", "watch", "patch");
        ClusterRoleBinding binding = defaults.all(ClusterRoleBinding.class).getFirst();
        assertThat(binding.getSubjects()).singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo(RenderedChart.name("attestation-manager")));

        for (Role role : defaults.all(Role.class)) {
            assertThat(role.getRules()).allSatisfy(rule -> {
                assertThat(rule.getResources()).containsExactly("secrets");
                assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "patch");
                assertThat(rule.getResourceNames()).isNotEmpty();
            });
        }
        assertThat(defaults.all(Deployment.class)).allSatisfy(deployment -> assertThat(
                deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .as("API token in " + deployment.getMetadata().getName())
                .isEqualTo(deployment.getMetadata().getName().equals(RenderedChart.name("attestation-manager"))));
    }

    @Test
    void trustAgentWhenRenderedThenDaemonSetHasTpmAccessAndNothingMore() {
        PodSpec pod = defaults.named(DaemonSet.class, RenderedChart.name(AGENT)).getSpec().getTemplate().getSpec();
        assertNonRootReadOnly(pod);
        assertThat(pod.getHostNetwork()).isFalse();
        assertThat(pod.getHostPID()).isFalse();
        assertThat(pod.getHostIPC()).isFalse();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getSupplementalGroups()).containsExactly(59L);
        Container agent = pod.getContainers().getFirst();
        assertThat(agent.getPorts()).isEmpty();
        assertThat(agent.getResources().getLimits()).containsEntry("squat.ai/tpm", new Quantity("1"));
        assertThat(agent.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(agent.getVolumeMounts()).filteredOn(m -> m.getMountPath().startsWith("/host"))
                .isNotEmpty().allSatisfy(m -> assertThat(m.getReadOnly()).as(m.getMountPath()).isTrue());
        assertThat(defaults.all(NetworkPolicy.class)).anyMatch(policy -> policy.getMetadata().getName()
                .equals(RenderedChart.name(AGENT)) && policy.getSpec().getIngress().isEmpty());
    }

    @Test
    void trustAgentWhenOnboardingTokenIsGivenThenOnboardsInAnInitContainerWithSettingsItReads() {
        RenderedChart onboarding = RenderedChart.render(command -> command.set("trustAgent.onboarding.tokenSecret", "agent-token"));
        PodSpec pod = onboarding.named(DaemonSet.class, RenderedChart.name(AGENT)).getSpec().getTemplate().getSpec();
        assertNonRootReadOnly(pod);
        Container onboard = pod.getInitContainers().getFirst();
        assertThat(onboard.getArgs()).startsWith("onboard");
        ServiceSettings settings = ServiceSettings.of(AGENT);
        for (Container container : List.of(onboard, pod.getContainers().getFirst())) {
            assertThat(container.getEnv()).extracting(EnvVar::getName)
                    .allSatisfy(name -> assertThat(settings.readsEnvironment(name)).as(name).isTrue());
        }
        assertThat(defaults.named(DaemonSet.class, RenderedChart.name(AGENT)).getSpec().getTemplate().getSpec()
                .getInitContainers()).isNullOrEmpty();
        assertThat(pod.getContainers().getFirst().getArgs()).containsExactly("run");
    }

    @Test
    void replicasWhenHaProfileIsUsedThenHvsAndKbsRunTwiceSpreadOverNodes() {
        for (String service : List.of("hvs", "kbs")) {
            assertThat(defaults.named(Deployment.class, RenderedChart.name(service)).getSpec().getReplicas()).isEqualTo(1);
            Deployment ha = highAvailability.named(Deployment.class, RenderedChart.name(service));
            assertThat(ha.getSpec().getReplicas()).isEqualTo(2);
            assertThat(ha.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).isNotEmpty();
        }
        assertThat(highAvailability.named(Deployment.class, RenderedChart.name("cms")).getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void templateWhenBundledDatabaseIsOffThenExternalHostIsRequiredAndUsed() {
        RenderedChart external = RenderedChart.render(command -> command.set("postgresql.bundled", "false")
                .set("postgresql.host", "db.example.internal"));
        assertThat(env(external, "hvs").get("TC_HVS_DB_URL")).isEqualTo("jdbc:postgresql://db.example.internal:5432/hvs");
        assertThat(external.resources()).noneMatch(r -> r.getMetadata().getName().equals(RenderedChart.name("postgresql")));
    }

    private static void assertNonRootReadOnly(PodSpec pod) {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isNotNull().isNotZero();
        List<Container> containers = Stream.concat(pod.getContainers().stream(),
                pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream()).toList();
        for (Container container : containers) {
            var context = container.getSecurityContext();
            assertThat(context.getReadOnlyRootFilesystem()).as("read-only root of " + container.getName()).isTrue();
            assertThat(context.getAllowPrivilegeEscalation()).isFalse();
            assertThat(context.getPrivileged()).isFalse();
            assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
        }
    }

    private static Map<String, String> env(RenderedChart chart, String service) {
        return chart.named(Deployment.class, RenderedChart.name(service)).getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static String chartAppVersion() {
        return Repository.read("deploy/helm/trusted-compute/Chart.yaml").lines()
                .filter(l -> l.startsWith("appVersion:")).findFirst().orElseThrow()
                .replaceAll("appVersion:\\s*\"?([^\"]+)\"?", "$1").strip();
    }
}

package dev.trustedcompute.attestationmanager.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds the Kubernetes API server the manager should fence nodes through, if any (see {@link ManagerProperties.Kubernetes}). */
final class KubernetesClients {

    private KubernetesClients() {
    }

    static Optional<KubernetesClient> detect(ManagerProperties.Kubernetes settings, Map<String, String> env) {
        if (settings.mode() == ManagerProperties.Kubernetes.Mode.LOG) {
            return Optional.empty();
        }
        if (settings.kubeconfig() != null) {
            return Optional.of(fromKubeconfig(settings.kubeconfig()));
        }
        if (env.containsKey("KUBERNETES_SERVICE_HOST")) {
            return Optional.of(new KubernetesClientBuilder().withConfig(Config.autoConfigure(null)).build());
        }
        Path kubeconfig = env.containsKey("KUBECONFIG") ? Path.of(env.get("KUBECONFIG").split(java.io.File.pathSeparator)[0])
                : Path.of(System.getProperty("user.home"), ".kube", "config");
        return Files.isRegularFile(kubeconfig) ? Optional.of(fromKubeconfig(kubeconfig)) : Optional.empty();
    }

    private static KubernetesClient fromKubeconfig(Path file) {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(file))).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }
}

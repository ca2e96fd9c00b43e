package dev.trustedcompute.deploy.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.trustedcompute.deploy.repo.Repository;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The chart rendered by helm-java's embedded Helm ({@code helm template}) and parsed with fabric8's models. */
record RenderedChart(List<HasMetadata> resources) {

    static final String RELEASE = "tc";
    static final String NAMESPACE = "attestation";
    static final Path CHART = Repository.path("deploy/helm/trusted-compute");

    static RenderedChart render(UnaryOperator<TemplateCommand> options) {
        TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        String yaml = options.apply(command).call();
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
                resources.add(serialization.unmarshal(document, HasMetadata.class));
            }
        }
        return new RenderedChart(List.copyOf(resources));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in the rendered chart"));
    }

    static String name(String component) {
        return RELEASE + "-trusted-compute-" + component;
    }

}

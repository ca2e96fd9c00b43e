package dev.trustedcompute.attestationmanager.config;

import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.attestationmanager.decisions.NodeDecisions;
import dev.trustedcompute.attestationmanager.decisions.ReportIntake;
import dev.trustedcompute.attestationmanager.decisions.StaleNodeCheck;
import dev.trustedcompute.attestationmanager.hvs.AasTokenSource;
import dev.trustedcompute.attestationmanager.hvs.HttpHvsClient;
import dev.trustedcompute.attestationmanager.hvs.HvsClient;
import dev.trustedcompute.attestationmanager.metrics.ManagerMetrics;
import dev.trustedcompute.attestationmanager.nodes.Decider;
import dev.trustedcompute.attestationmanager.nodes.NodeRepository;
import dev.trustedcompute.attestationmanager.onboarding.OnboardingService;
import dev.trustedcompute.attestationmanager.policy.AgentPolicyPublisher;
import dev.trustedcompute.attestationmanager.policy.PolicyRepository;
import dev.trustedcompute.attestationmanager.policy.PolicyService;
import dev.trustedcompute.attestationmanager.reaction.Backoff;
import dev.trustedcompute.attestationmanager.reaction.InventorySink;
import dev.trustedcompute.attestationmanager.reaction.KubernetesNodeFence;
import dev.trustedcompute.attestationmanager.reaction.LoggedNodeFence;
import dev.trustedcompute.attestationmanager.reaction.NodeFence;
import dev.trustedcompute.attestationmanager.reaction.Outbox;
import dev.trustedcompute.attestationmanager.reaction.OutboxRelay;
import dev.trustedcompute.attestationmanager.reaction.OutboxSink;
import dev.trustedcompute.attestationmanager.reaction.Reactions;
import dev.trustedcompute.attestationmanager.reports.CmsRoot;
import dev.trustedcompute.attestationmanager.reports.ReportConsumer;
import dev.trustedcompute.attestationmanager.reports.ReportVerifier;
import dev.trustedcompute.servicekit.identity.CmsClient;
import dev.trustedcompute.servicekit.security.PermissionCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Wires the manager: NATS, the report pipeline, reactions, policy, HVS, metrics and the schedules. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ManagerProperties.class)
public class ManagerConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ManagerConfiguration.class);
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(15);

    private final ManagerProperties properties;
    private final String instanceId;

    public ManagerConfiguration(ManagerProperties properties) {
        this.properties = properties;
        this.instanceId = properties.instanceId() != null ? properties.instanceId()
                : "am-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The permissions the manager's endpoints check; an administrator's {@code *} rules expand to these. */
    @Bean
    PermissionCatalogue amPermissions() {
        return PermissionCatalogue.of("AM:nodes:search", "AM:nodes:retrieve", "AM:node_history:search",
                "AM:nodes:onboard", "AM:nodes:attest", "AM:policy:retrieve", "AM:policy:store");
    }

    @Bean
    Subjects subjects() {
        return new Subjects(properties.nats().subjectPrefix());
    }

    @Bean(destroyMethod = "close")
    Connection natsConnection() throws IOException, InterruptedException {
        return connect(properties.nats(), "attestation-manager " + instanceId);
    }

    /** Connects (and keeps reconnecting); with the configured {@code .creds} file on an operator-mode NATS. */
    static Connection connect(ManagerProperties.Nats nats, String connectionName) throws IOException, InterruptedException {
        Options.Builder options = Options.builder().server(nats.url()).connectionName(connectionName).maxReconnects(-1);
        if (nats.credentialsFile() != null) {
            options.authHandler(Nats.credentials(nats.credentialsFile().toString()));
        }
        return Nats.connectReconnectOnConnect(options.build());
    }

    /** The CMS root CA report chains must end in: {@code tc.am.cms-root-file}, or fetched from CMS against the pin. */
    @Bean
    X509Certificate cmsRoot() throws IOException {
        if (properties.cmsRootFile() != null) {
            return CmsRoot.fromFile(properties.cmsRootFile());
        }
        if (properties.cmsBaseUrl() != null && properties.cmsRootSha384() != null) {
            return CmsRoot.fromCms(new CmsClient(properties.cmsBaseUrl(), null), properties.cmsRootSha384());
        }
        throw new IllegalStateException("no CMS root to verify reports against: set tc.am.cms-root-file "
                + "(TC_AM_CMS_ROOT_FILE), or tc.am.cms-base-url and tc.am.cms-root-sha384");
    }

    @Bean
    ReportVerifier reportVerifier(X509Certificate cmsRoot, Subjects subjects, Clock clock) {
        return new ReportVerifier(cmsRoot, subjects, clock);
    }

    @Bean
    Reactions reactions(Outbox outbox, JsonMapper json) {
        return new Reactions(outbox, json, properties.inventory().baseUrl() != null);
    }

    @Bean
    NodeDecisions nodeDecisions(NodeRepository nodes, Reactions reactions, Clock clock) {
        return new NodeDecisions(nodes, reactions, clock, instanceId);
    }

    @Bean
    AgentPolicyPublisher agentPolicyPublisher(Connection nats, Subjects subjects) {
        return new AgentPolicyPublisher(nats, subjects);
    }

    /** Reconciled with {@code tc.am.poll-duration} before anything reads it. */
    @Bean
    PolicyService policyService(PolicyRepository repository, NodeRepository nodes, AgentPolicyPublisher publisher,
                                TransactionTemplate transactions, Clock clock) {
        PolicyService service = new PolicyService(repository, nodes, publisher, transactions, clock);
        service.reconcile(properties.pollDuration());
        return service;
    }

    @Bean
    ManagerMetrics managerMetrics(MeterRegistry registry, NodeRepository nodes, Outbox outbox) {
        return new ManagerMetrics(registry, nodes, outbox);
    }

    @Bean
    ReportIntake reportIntake(ReportVerifier verifier, NodeDecisions decisions, PolicyService policy,
                              ManagerMetrics metrics, Clock clock) {
        return new ReportIntake(verifier, new Decider(properties.requireDiskEncryption()), decisions, policy, metrics, clock);
    }

    @Bean
    ReportConsumer reportConsumer(Connection nats, Subjects subjects, ReportIntake intake) {
        ManagerProperties.Nats settings = properties.nats();
        return new ReportConsumer(nats, subjects, settings.reportStream(), settings.durable(), settings.ackWait(), intake::process);
    }

    @Bean
    StaleNodeCheck staleNodeCheck(NodeRepository nodes, NodeDecisions decisions, PolicyService policy, Clock clock) {
        return new StaleNodeCheck(nodes, decisions, policy, clock);
    }

    /** Kubernetes when one is configured or detected; otherwise the exact actions are logged. */
    @Bean
    NodeFence nodeFence(JsonMapper json) {
        ManagerProperties.Kubernetes settings = properties.kubernetes();
        return KubernetesClients.detect(settings, System.getenv())
                .<NodeFence>map(client -> {
                    log.info("fencing nodes through the Kubernetes API at {}", client.getMasterUrl());
                    return new KubernetesNodeFence(client, json, settings.taintKey(), settings.statusLabel());
                })
                .orElseGet(() -> {
                    log.info("no Kubernetes configured: fencing actions are logged only");
                    return new LoggedNodeFence(json, settings.taintKey(), settings.statusLabel());
                });
    }

    @Bean
    OutboxRelay outboxRelay(Outbox outbox, NodeFence fence, JsonMapper json, TransactionTemplate transactions, Clock clock) {
        List<OutboxSink> sinks = new ArrayList<>(List.of(fence));
        ManagerProperties.Inventory inventory = properties.inventory();
        if (inventory.baseUrl() != null) {
            sinks.add(new InventorySink(inventory.baseUrl(), inventory.token(), inventory.timeout(), json));
        }
        ManagerProperties.Outbox settings = properties.outbox();
        return new OutboxRelay(outbox, sinks, transactions, new Backoff(settings.initialBackoff(), settings.maxBackoff()), clock);
    }

    /** HVS and AAS serve CMS-issued certificates over HTTPS: the client trusts the CMS root only. */
    @Bean
    @ConditionalOnProperty("tc.am.hvs.base-url")
    HvsClient hvsClient(X509Certificate cmsRoot, JsonMapper json, Clock clock) {
        ManagerProperties.Hvs hvs = properties.hvs();
        if (hvs.aasBaseUrl() == null || hvs.username() == null || hvs.password() == null) {
            throw new IllegalStateException("tc.am.hvs.base-url is set: set tc.am.hvs.aas-base-url, username and password too");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(hvs.timeout()).sslContext(CmsClient.trustOnly(cmsRoot)).build();
        AasTokenSource tokens = new AasTokenSource(hvs.aasBaseUrl(), hvs.username(), hvs.password(), hvs.timeout(), http, json, clock);
        return new HttpHvsClient(hvs.baseUrl(), tokens, hvs.timeout(), http, json);
    }

    @Bean
    OnboardingService onboardingService(NodeRepository nodes, NodeDecisions decisions, PolicyService policy,
                                        ObjectProvider<HvsClient> hvs) {
        return new OnboardingService(nodes, decisions, policy, hvs.getIfAvailable(), properties.hvs().flavorGroups(),
                properties.hvs().partialFlavorTypes());
    }

    @Bean
    SchedulingConfigurer schedules(OutboxRelay relay, StaleNodeCheck staleCheck, ManagerMetrics metrics) {
        return (ScheduledTaskRegistrar registrar) -> {
            registrar.addFixedDelayTask(relay::relay, properties.outbox().pollInterval());
            // first check one interval after start: a restarted manager gives agents a moment before judging them
            registrar.addFixedDelayTask(new FixedDelayTask(staleCheck::run, properties.staleCheckInterval(),
                    properties.staleCheckInterval()));
            registrar.addFixedDelayTask(metrics::refresh, METRICS_REFRESH);
        };
    }
}

package dev.trustedcompute.attestationmanager.onboarding;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.attestationmanager.decisions.NodeDecisions;
import dev.trustedcompute.attestationmanager.error.AmError;
import dev.trustedcompute.attestationmanager.hvs.FlavorRequest;
import dev.trustedcompute.attestationmanager.hvs.HvsClient;
import dev.trustedcompute.attestationmanager.hvs.HvsException;
import dev.trustedcompute.attestationmanager.nodes.Node;
import dev.trustedcompute.attestationmanager.nodes.NodeRepository;
import dev.trustedcompute.attestationmanager.policy.PolicyService;
import dev.trustedcompute.servicekit.error.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Onboarding: HVS creates the node's golden flavors, the manager records the onboarding (which, with a later
 * VERIFIED report, lifts a cordon), pushes the poll policy to the agent and asks HVS for a fresh report. Golden
 * values change only here, on request; an onboarded node is re-baselined only with {@code rebaseline: true}.
 */
public class OnboardingService {
    private static final Logger log = LoggerFactory.getLogger(OnboardingService.class);
    static final Set<String> FLAVOR_PARTS = Set.of("PLATFORM", "OS", "HOST_UNIQUE", "SOFTWARE", "ASSET_TAG");
    /** A Kubernetes object name (RFC 1123 subdomain). */
    private static final Pattern KUBERNETES_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern FLAVOR_GROUP = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_GROUPS = 16;

    private final NodeRepository nodes;
    private final NodeDecisions decisions;
    private final PolicyService policy;
    private final HvsClient hvs;
    private final List<String> defaultGroups;
    private final List<String> defaultParts;

    /** @param hvs null when HVS is not configured: onboarding and re-attest then answer 503 */
    public OnboardingService(NodeRepository nodes, NodeDecisions decisions, PolicyService policy, HvsClient hvs,
                             List<String> defaultGroups, List<String> defaultParts) {
        this.nodes = nodes;
        this.decisions = decisions;
        this.policy = policy;
        this.hvs = hvs;
        this.defaultGroups = List.copyOf(defaultGroups);
        this.defaultParts = List.copyOf(defaultParts);
    }

    public Onboarded onboard(HostId host, OnboardRequest request, String actor) {
        FlavorRequest flavors = validated(host, request);
        nodes.find(host).filter(n -> n.state().onboardedAt() != null && !request.rebaselining()).ifPresent(n -> {
            throw new ServiceException(AmError.ALREADY_ONBOARDED, "node " + host + " was onboarded at "
                    + n.state().onboardedAt() + "; send \"rebaseline\": true to replace its golden values with its current evidence");
        });
        try {
            hvs().createFlavors(flavors);
        } catch (HvsException e) {
            throw new ServiceException(AmError.HVS_FAILED, "HVS did not create the golden flavors: " + e.getMessage(), e);
        }
        Node node = decisions.onboarded(host, request.kubernetesNode(), actor);
        log.info("node {} onboarded by {} (rebaseline={}, flavor groups {}, parts {}, imported={})", host, actor,
                request.rebaselining(), flavors.flavorGroups(), flavors.partialFlavorTypes(), flavors.flavorCollection() != null);
        policy.pushTo(List.of(host));
        boolean requested;
        try {
            hvs.requestReport(host);
            requested = true;
        } catch (HvsException e) {
            log.warn("node {} onboarded, but HVS did not start an attestation (the agent's next push will): {}", host, e.getMessage());
            requested = false;
        }
        return new Onboarded(node, requested);
    }

    /** Has HVS attest a known node now. */
    public void attestNow(HostId host) {
        if (nodes.find(host).isEmpty()) {
            throw new ServiceException(AmError.UNKNOWN_NODE, "no node " + host);
        }
        try {
            hvs().requestReport(host);
        } catch (HvsException e) {
            throw new ServiceException(AmError.HVS_FAILED, "HVS did not start an attestation: " + e.getMessage(), e);
        }
    }

    private HvsClient hvs() {
        if (hvs == null) {
            throw new ServiceException(AmError.HVS_NOT_CONFIGURED, "set tc.am.hvs.base-url, aas-base-url, username and password");
        }
        return hvs;
    }

    private FlavorRequest validated(HostId host, OnboardRequest request) {
        if (request.kubernetesNode() != null && (request.kubernetesNode().length() > 253
                || !KUBERNETES_NAME.matcher(request.kubernetesNode()).matches())) {
            throw new ServiceException(AmError.INVALID_PARAMETER, "kubernetesNode must be a Kubernetes node name (RFC 1123 subdomain)");
        }
        List<String> groups = request.flavorGroups() == null ? defaultGroups : request.flavorGroups();
        if (groups.isEmpty() || groups.size() > MAX_GROUPS || !groups.stream().allMatch(g -> g != null && FLAVOR_GROUP.matcher(g).matches())) {
            throw new ServiceException(AmError.INVALID_PARAMETER, "flavorGroups must list 1.." + MAX_GROUPS
                    + " names of letters, digits, '.', '_' or '-'");
        }
        List<String> parts = request.partialFlavorTypes() == null ? defaultParts : request.partialFlavorTypes();
        if (parts.isEmpty() || !parts.stream().allMatch(p -> p != null && FLAVOR_PARTS.contains(p))
                || parts.stream().distinct().count() != parts.size()) {
            throw new ServiceException(AmError.INVALID_PARAMETER, "partialFlavorTypes must list distinct parts of "
                    + FLAVOR_PARTS.stream().sorted().toList());
        }
        if (request.flavorCollection() != null && request.flavorCollection().isEmpty()) {
            throw new ServiceException(AmError.INVALID_PARAMETER, "flavorCollection is empty");
        }
        return new FlavorRequest(host, parts, groups, request.flavorCollection());
    }

    /** @param attestationRequested HVS accepted the request for a fresh report */
    public record Onboarded(Node node, boolean attestationRequested) {
    }
}

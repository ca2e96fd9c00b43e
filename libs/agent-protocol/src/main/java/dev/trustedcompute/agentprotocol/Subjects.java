package dev.trustedcompute.agentprotocol;

/**
 * Every NATS subject of the contract ({@code api-specs/asyncapi.yaml}). An optional prefix (ending in a dot)
 * isolates deployments or test classes that share one NATS server; production uses {@link #DEFAULT}.
 *
 * <ul>
 *   <li>HVS -> agent, request/reply: {@code trust-agent.<hostId>.quote-request}, {@code .host-info-request};
 *   <li>manager -> agent, publish: {@code trust-agent.<hostId>.policy-update};
 *   <li>agent -> HVS, request/reply: {@code hvs.agents.<hostId>.nonce}, {@code hvs.agents.<hostId>.evidence};
 *   <li>HVS -> consumers, JetStream stream {@value #REPORT_STREAM}: {@code hvs.reports.<hostId>}.
 * </ul>
 */
public record Subjects(String prefix) {
    public static final Subjects DEFAULT = new Subjects("");
    /** JetStream stream holding trust report events. */
    public static final String REPORT_STREAM = "HVS_REPORTS";

    public Subjects {
        if (prefix == null || !(prefix.isEmpty() || prefix.matches("([A-Za-z0-9_-]+\\.)+"))) {
            throw new IllegalArgumentException("subject prefix must be empty or dot-separated tokens ending in '.'");
        }
    }

    public String quoteRequest(HostId host) {
        return agent(host) + "quote-request";
    }

    public String hostInfoRequest(HostId host) {
        return agent(host) + "host-info-request";
    }

    public String policyUpdate(HostId host) {
        return agent(host) + "policy-update";
    }

    public String nonceRequest(HostId host) {
        return fromAgent(host) + "nonce";
    }

    public String evidencePush(HostId host) {
        return fromAgent(host) + "evidence";
    }

    /** What an agent subscribes to; its credentials allow subscribing to nothing else (but its reply inbox). */
    public String agentInbound(HostId host) {
        return agent(host) + ">";
    }

    /** What an agent publishes to; its credentials allow publishing to nothing else (but reply subjects). */
    public String agentOutbound(HostId host) {
        return fromAgent(host) + ">";
    }

    /**
     * The inbox prefix an agent must use for its requests (jnats {@code Options.Builder.inboxPrefix}, nats.go
     * {@code CustomInboxPrefix}): its credentials let it subscribe to replies under this prefix only, so no agent
     * can read another's replies. Independent of the subject prefix.
     */
    public static String agentInboxPrefix(HostId host) {
        return "_INBOX." + host.value() + ".";
    }

    /** The subscription an agent's credentials allow for its replies ({@link #agentInboxPrefix} + {@code >}). */
    public static String agentInbox(HostId host) {
        return agentInboxPrefix(host) + ">";
    }

    /** HVS's subscription for every agent's nonce requests. */
    public String allNonceRequests() {
        return prefix + "hvs.agents.*.nonce";
    }

    /** HVS's subscription for every agent's evidence pushes. */
    public String allEvidencePushes() {
        return prefix + "hvs.agents.*.evidence";
    }

    public String report(HostId host) {
        return prefix + "hvs.reports." + host.value();
    }

    /** Subjects the {@value #REPORT_STREAM} stream captures. */
    public String allReports() {
        return prefix + "hvs.reports.>";
    }

    /** The host id in a subject of this contract ({@code trust-agent.<id>...}, {@code hvs.agents.<id>...}, {@code hvs.reports.<id>}). */
    public HostId hostIdOf(String subject) throws ProtocolException {
        if (!subject.startsWith(prefix)) {
            throw new ProtocolException("subject '" + subject + "' lacks the prefix '" + prefix + "'");
        }
        String[] tokens = subject.substring(prefix.length()).split("\\.");
        int position = switch (tokens[0]) {
            case "trust-agent" -> 1;
            case "hvs" -> 2;
            default -> -1;
        };
        if (position < 0 || tokens.length <= position) {
            throw new ProtocolException("subject '" + subject + "' is not a host subject of this contract");
        }
        try {
            return new HostId(tokens[position]);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("subject '" + subject + "': " + e.getMessage());
        }
    }

    private String agent(HostId host) {
        return prefix + "trust-agent." + host.value() + ".";
    }

    private String fromAgent(HostId host) {
        return prefix + "hvs.agents." + host.value() + ".";
    }
}

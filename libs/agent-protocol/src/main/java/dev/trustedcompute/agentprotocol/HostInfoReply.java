package dev.trustedcompute.agentprotocol;

/** The agent's answer to a host-info request (empty body): exactly one of host info and error. */
public record HostInfoReply(HostInfo hostInfo, ProtocolError error) {
    public HostInfoReply {
        Replies.exactlyOne(hostInfo, error);
    }

    public static HostInfoReply of(HostInfo hostInfo) {
        return new HostInfoReply(hostInfo, null);
    }

    public static HostInfoReply failed(ProtocolError error) {
        return new HostInfoReply(null, error);
    }
}

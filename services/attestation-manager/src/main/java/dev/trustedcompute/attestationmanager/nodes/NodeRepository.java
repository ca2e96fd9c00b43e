package dev.trustedcompute.attestationmanager.nodes;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.ProtocolException;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.TrustReportSummary.Fault;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Nodes, their history and the decided-report ledger in PostgreSQL. */
@Repository
public class NodeRepository {
    private static final String NODE_COLUMNS = "host_id, host_name, hardware_uuid, kubernetes_node, status, reason, detail, "
            + "faults::text as faults, cordoned, failed_at, onboarded_at, last_report_id, last_report_at, created_at, updated_at";

    private final JdbcClient jdbc;

    public NodeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records that {@code reportId} is being decided; false when it was decided before (a duplicate). */
    public boolean claimReport(String reportId, HostId host, Instant issuedAt, NodeStatus status, String instance, Instant now) {
        return jdbc.sql("""
                        insert into decided_report (report_id, host_id, issued_at, status, outcome, instance, decided_at)
                        values (:id, :host, :issued, :status, 'APPLIED', :instance, :now) on conflict do nothing""")
                .param("id", reportId).param("host", host.value()).param("issued", ts(issuedAt))
                .param("status", status.name()).param("instance", instance).param("now", ts(now))
                .update() == 1;
    }

    public void markSuperseded(String reportId) {
        jdbc.sql("update decided_report set outcome = 'SUPERSEDED' where report_id = :id").param("id", reportId).update();
    }

    /** Inserts a pending node unless it exists; true when it was created. */
    public boolean createIfAbsent(HostId host, String kubernetesNode, Instant now) {
        NodeState pending = NodeState.pending();
        return jdbc.sql("""
                        insert into node (host_id, kubernetes_node, status, reason, detail, created_at, updated_at)
                        values (:host, :k8s, :status, :reason, :detail, :now, :now) on conflict do nothing""")
                .param("host", host.value()).param("k8s", kubernetesNode).param("status", pending.status().name())
                .param("reason", pending.reason().code()).param("detail", pending.detail()).param("now", ts(now))
                .update() == 1;
    }

    /** The node, locked until the transaction ends (decisions on one node are serialized across instances). */
    public Node lock(HostId host) {
        return jdbc.sql("select " + NODE_COLUMNS + " from node where host_id = :host for update")
                .param("host", host.value()).query(NodeRepository::node).single();
    }

    public Optional<Node> find(HostId host) {
        return jdbc.sql("select " + NODE_COLUMNS + " from node where host_id = :host")
                .param("host", host.value()).query(NodeRepository::node).optional();
    }

    /** Nodes ordered by host id, after {@code afterHostId} (exclusive) when given, optionally of one status. */
    public List<Node> list(NodeStatus status, String afterHostId, int limit) {
        return jdbc.sql("select " + NODE_COLUMNS + " from node where (cast(:status as text) is null or status = :status)"
                        + " and (cast(:after as text) is null or host_id > :after) order by host_id limit :limit")
                .param("status", status == null ? null : status.name()).param("after", afterHostId).param("limit", limit)
                .query(NodeRepository::node).list();
    }

    public List<HostId> hostIds() {
        return jdbc.sql("select host_id from node order by host_id").query((rs, i) -> HostId.of(rs.getString(1))).list();
    }

    /** Host ids whose last evidence is older than {@code threshold} and that are not already stale. */
    public List<HostId> staleCandidates(Instant threshold) {
        return jdbc.sql("""
                        select host_id from node
                        where coalesce(last_report_at, onboarded_at, created_at) < :threshold
                          and not (status = 'ATTESTATION_FAILED' and reason = 'stale')
                        order by host_id""")
                .param("threshold", ts(threshold)).query((rs, i) -> HostId.of(rs.getString(1))).list();
    }

    public void update(Node node) {
        NodeState s = node.state();
        jdbc.sql("""
                        update node set host_name = :hostName, hardware_uuid = :uuid, kubernetes_node = :k8s, status = :status,
                          reason = :reason, detail = :detail, faults = cast(:faults as jsonb), cordoned = :cordoned,
                          failed_at = :failedAt, onboarded_at = :onboardedAt, last_report_id = :reportId,
                          last_report_at = :reportAt, updated_at = :updatedAt
                        where host_id = :host""")
                .param("host", node.hostId().value()).param("hostName", node.hostName()).param("uuid", node.hardwareUuid())
                .param("k8s", node.kubernetesNode()).param("status", s.status().name())
                .param("reason", s.reason() == null ? null : s.reason().code()).param("detail", s.detail())
                .param("faults", faultsJson(s.faults())).param("cordoned", s.cordoned()).param("failedAt", ts(s.failedAt()))
                .param("onboardedAt", ts(s.onboardedAt())).param("reportId", node.lastReportId())
                .param("reportAt", ts(node.lastReportAt())).param("updatedAt", ts(node.updatedAt()))
                .update();
    }

    public void addHistory(HostId host, HistoryEvent event, NodeState state, String reportId, String actor, Instant at) {
        jdbc.sql("""
                        insert into node_history (host_id, event, status, reason, detail, faults, cordoned, report_id, actor, at)
                        values (:host, :event, :status, :reason, :detail, cast(:faults as jsonb), :cordoned, :reportId, :actor, :at)""")
                .param("host", host.value()).param("event", event.name()).param("status", state.status().name())
                .param("reason", state.reason() == null ? null : state.reason().code()).param("detail", state.detail())
                .param("faults", faultsJson(state.faults())).param("cordoned", state.cordoned())
                .param("reportId", reportId).param("actor", actor).param("at", ts(at))
                .update();
    }

    /** Newest first. */
    public List<HistoryEntry> history(HostId host, int limit) {
        return jdbc.sql("select id, event, status, reason, detail, faults::text as faults, cordoned, report_id, actor, at"
                        + " from node_history where host_id = :host order by id desc limit :limit")
                .param("host", host.value()).param("limit", limit)
                .query((rs, i) -> new HistoryEntry(rs.getLong("id"), HistoryEvent.valueOf(rs.getString("event")),
                        NodeStatus.valueOf(rs.getString("status")), reason(rs), rs.getString("detail"), faults(rs),
                        rs.getBoolean("cordoned"), rs.getString("report_id"), rs.getString("actor"), instant(rs, "at")))
                .list();
    }

    public Map<NodeStatus, Long> countByStatus() {
        Map<NodeStatus, Long> counts = new EnumMap<>(NodeStatus.class);
        for (NodeStatus status : NodeStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.sql("select status, count(*) from node group by status")
                .query(rs -> {
                    counts.put(NodeStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }

    private static Node node(ResultSet rs, int row) throws SQLException {
        NodeState state = new NodeState(NodeStatus.valueOf(rs.getString("status")), reason(rs), rs.getString("detail"),
                faults(rs), rs.getBoolean("cordoned"), instant(rs, "failed_at"), instant(rs, "onboarded_at"));
        return new Node(HostId.of(rs.getString("host_id")), rs.getString("host_name"), rs.getString("hardware_uuid"),
                rs.getString("kubernetes_node"), state, rs.getString("last_report_id"), instant(rs, "last_report_at"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Reason reason(ResultSet rs) throws SQLException {
        String code = rs.getString("reason");
        return code == null ? null : Reason.ofCode(code);
    }

    private static List<Fault> faults(ResultSet rs) throws SQLException {
        try {
            return List.of(ProtocolJson.decode(rs.getString("faults").getBytes(StandardCharsets.UTF_8), Fault[].class));
        } catch (ProtocolException e) {
            throw new IllegalStateException("stored faults are not valid: " + e.getMessage(), e);
        }
    }

    private static String faultsJson(List<Fault> faults) {
        return new String(ProtocolJson.encode(faults), StandardCharsets.UTF_8);
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}

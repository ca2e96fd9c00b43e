package dev.trustedcompute.agentprotocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubjectsTest {
    static final HostId NODE = HostId.of("node-1");

    @Test
    void subjectsWhenDefaultThenContractNames() {
        Subjects subjects = Subjects.DEFAULT;

        assertThat(subjects.quoteRequest(NODE)).isEqualTo("trust-agent.node-1.quote-request");
        assertThat(subjects.hostInfoRequest(NODE)).isEqualTo("trust-agent.node-1.host-info-request");
        assertThat(subjects.policyUpdate(NODE)).isEqualTo("trust-agent.node-1.policy-update");
        assertThat(subjects.nonceRequest(NODE)).isEqualTo("hvs.agents.node-1.nonce");
        assertThat(subjects.evidencePush(NODE)).isEqualTo("hvs.agents.node-1.evidence");
        assertThat(subjects.report(NODE)).isEqualTo("hvs.reports.node-1");
        assertThat(subjects.agentInbound(NODE)).isEqualTo("trust-agent.node-1.>");
        assertThat(subjects.agentOutbound(NODE)).isEqualTo("hvs.agents.node-1.>");
        assertThat(Subjects.agentInboxPrefix(NODE)).isEqualTo("_INBOX.node-1.");
        assertThat(Subjects.agentInbox(NODE)).isEqualTo("_INBOX.node-1.>");
    }

    @Test
    void hostIdOfWhenPrefixedSubjectsThenHostId() throws Exception {
        Subjects subjects = new Subjects("t42.");

        assertThat(subjects.hostIdOf(subjects.evidencePush(NODE))).isEqualTo(NODE);
        assertThat(subjects.hostIdOf(subjects.quoteRequest(NODE))).isEqualTo(NODE);
        assertThat(subjects.hostIdOf(subjects.report(NODE))).isEqualTo(NODE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"other.node-1.evidence", "hvs.agents", "t42.hvs.agents.node-1.nonce", "hvs.agents.*.nonce"})
    void hostIdOfWhenNotAHostSubjectThenProtocolException(String subject) {
        assertThatThrownBy(() -> Subjects.DEFAULT.hostIdOf(subject)).isInstanceOf(ProtocolException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b", "node*", "node>", "-leading", "with space"})
    void hostIdWhenNotOneSubjectTokenThenRejected(String value) {
        assertThatThrownBy(() -> HostId.of(value)).isInstanceOf(IllegalArgumentException.class);
    }
}

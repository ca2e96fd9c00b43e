package dev.trustedcompute.agentprotocol;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code api-specs/asyncapi.yaml} and the records must describe the same contract. */
class AsyncApiContractTest {
    static final Path SPEC = Path.of("../../api-specs/asyncapi.yaml");
    static JsonNode spec;

    @BeforeAll
    static void load() throws Exception {
        assertThat(SPEC).as("the AsyncAPI document beside the OpenAPI ones").exists();
        spec = new YAMLMapper().readTree(Files.readString(SPEC));
    }

    @Test
    void specWhenParsedThenAsyncApi3WithEverySubjectOfSubjects() {
        HostId host = HostId.of("HOSTID");
        Subjects subjects = Subjects.DEFAULT;
        Set<String> addresses = new TreeSet<>();
        spec.get("channels").forEach(channel -> addresses.add(channel.get("address").asString().replace("{hostId}", "HOSTID")));

        assertThat(spec.get("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(addresses).containsExactlyInAnyOrder(subjects.quoteRequest(host), subjects.hostInfoRequest(host),
                subjects.policyUpdate(host), subjects.nonceRequest(host), subjects.evidencePush(host),
                subjects.report(host));
        assertThat(spec.at("/channels/reports/description").asString()).contains(Subjects.REPORT_STREAM);
    }

    @Test
    void specWhenEveryRefFollowedThenItResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(spec, refs);

        assertThat(refs).isNotEmpty();
        assertThat(refs).allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(spec.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        });
    }

    static Stream<Arguments> schemasAndRecords() {
        return Stream.of(
                Arguments.of("/components/schemas/QuoteRequest/properties", QuoteRequest.class),
                Arguments.of("/components/schemas/Evidence/properties", Evidence.class),
                Arguments.of("/components/schemas/Evidence/properties/quote/properties", TpmQuote.class),
                Arguments.of("/components/schemas/HostInfo/properties", HostInfo.class),
                Arguments.of("/components/schemas/ProtocolError/properties", ProtocolError.class),
                Arguments.of("/components/schemas/TrustReportSummary/properties", TrustReportSummary.class),
                Arguments.of("/components/messages/QuoteReply/payload/properties", QuoteReply.class),
                Arguments.of("/components/messages/HostInfoReply/payload/properties", HostInfoReply.class),
                Arguments.of("/components/messages/PolicyUpdate/payload/properties", PolicyUpdate.class),
                Arguments.of("/components/messages/NonceReply/payload/properties", NonceReply.class),
                Arguments.of("/components/messages/EvidencePush/payload/properties", EvidencePush.class),
                Arguments.of("/components/messages/EvidenceAck/payload/properties", EvidenceAck.class));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("schemasAndRecords")
    void schemaWhenComparedWithRecordThenSameFields(String pointer, Class<? extends Record> type) {
        JsonNode properties = spec.at(pointer);
        Set<String> documented = new TreeSet<>(properties.propertyNames());
        Set<String> fields = Arrays.stream(type.getRecordComponents()).map(c -> c.getName())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(properties.isMissingNode()).as(pointer).isFalse();
        assertThat(documented).as(type.getSimpleName()).isEqualTo(fields);
    }

    @Test
    void pushReasonWhenDocumentedThenSameValues() {
        Set<String> documented = new TreeSet<>();
        spec.at("/components/messages/EvidencePush/payload/properties/reason/enum").forEach(v -> documented.add(v.asString()));

        assertThat(documented).isEqualTo(Arrays.stream(PushReason.values()).map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                if (entry.getKey().equals("$ref")) {
                    refs.add(entry.getValue().asString());
                } else {
                    collectRefs(entry.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}

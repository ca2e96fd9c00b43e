package dev.trustedcompute.hvs.web;

import static dev.trustedcompute.hvs.rules.GceManifests.gce;
import static dev.trustedcompute.hvs.support.HvsApi.assertProblem;
import static dev.trustedcompute.hvs.support.HvsApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.hvs.HvsApplication;
import dev.trustedcompute.hvs.HvsError;
import dev.trustedcompute.hvs.flavor.FlavorPermissions;
import dev.trustedcompute.hvs.flavor.FlavorSigningKey;
import dev.trustedcompute.hvs.rules.FlavorsChangedEvent;
import dev.trustedcompute.hvs.rules.GceManifests;
import dev.trustedcompute.hvs.rules.HostManifestSource;
import dev.trustedcompute.hvs.rules.Rule;
import dev.trustedcompute.hvs.rules.Trust;
import dev.trustedcompute.hvs.rules.TrustEvaluator;
import dev.trustedcompute.hvs.rules.TrustVerdict;
import dev.trustedcompute.hvs.support.HvsApi;
import dev.trustedcompute.hvs.support.HvsTestEnvironment;
import dev.trustedcompute.hvs.template.DefaultTemplates;
import dev.trustedcompute.testsupport.auth.Permission;
import dev.trustedcompute.testsupport.auth.TestTokenIssuer;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The flavor, flavor group and flavor template endpoints over HTTP on real PostgreSQL, with the real flavor engine:
 * flavors made from the GCE capture (served by a stand-in {@link HostManifestSource}, since that capture's VM cannot
 * answer over NATS) verify it TRUSTED; a tampered stored flavor is refused. Every endpoint: 401, 403, bad input.
 */
@SpringBootTest(classes = {HvsApplication.class, FlavorApiTest.Beans.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FlavorApiTest {

    static final HvsTestEnvironment ENV = new HvsTestEnvironment(FlavorApiTest.class);
    static final TestTokenIssuer AAS = ENV.aas;
    static final UUID GCE_HOST = UUID.fromString("0198a1c2-0000-7000-8000-0000000000a1");

    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {
        /** The GCE capture for {@link #GCE_HOST}; any other host is unknown. */
        @Bean
        @Primary
        HostManifestSource gceHost() {
            return id -> {
                if (!id.equals(GCE_HOST)) {
                    throw HvsError.HOST_NOT_FOUND.exception("no host " + id);
                }
                return gce().hostId(id).build();
            };
        }

        @Bean
        Announcements announcements() {
            return new Announcements();
        }
    }

    /** Records every {@link FlavorsChangedEvent}. */
    static class Announcements {
        final List<FlavorsChangedEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(FlavorsChangedEvent event) {
            events.add(event);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        ENV.register(r, NatsServerFixture.url());
    }

    @AfterAll
    static void stop() {
        AAS.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TrustEvaluator evaluator;
    @Autowired
    FlavorSigningKey signingKey;
    @Autowired
    Announcements announcements;

    private HvsApi api() {
        return new HvsApi(port);
    }

    /** A token with every flavor permission (SecL rules {@code flavors:create} ...). */
    static String admin() {
        return AAS.token("admin", Permission.of("HVS", Arrays.stream(FlavorPermissions.ALL)
                .map(p -> p.substring("HVS:".length())).toArray(String[]::new)));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String groupJson(String name, boolean golden) {
        return "{\"name\":\"" + name + "\",\"golden_after_reboot\":" + golden + ",\"flavor_match_policy_collection\":"
                + "{\"flavor_match_policies\":[{\"flavor_part\":\"PLATFORM\",\"match_policy\":{\"match_type\":\"ANY_OF\","
                + "\"required\":\"REQUIRED\"}},{\"flavor_part\":\"OS\",\"match_policy\":{\"match_type\":\"ANY_OF\","
                + "\"required\":\"REQUIRED\"}},{\"flavor_part\":\"HOST_UNIQUE\",\"match_policy\":{\"match_type\":"
                + "\"LATEST\",\"required\":\"REQUIRED_IF_DEFINED\"}}]}}";
    }

    private String createGroup(String name) {
        return (String) json(api().post("/hvs/v2/flavorgroups", groupJson(name, false), admin()), 201).get("id");
    }

    /** A host row (owned by the hosts feature) linked to {@code groupIds}. */
    private void insertHost(UUID id, UUID... groupIds) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO hosts (id, name, nats_host_id, hardware_uuid, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING").params(id, "host-" + id, "nats-" + id, UUID.fromString(GceManifests.HARDWARE_UUID),
                now, now).update();
        for (UUID group : groupIds) {
            jdbc.sql("INSERT INTO host_flavor_groups (host_id, flavor_group_id) VALUES (?, ?)").params(id, group).update();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> signedFlavors(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("signed_flavors");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> description(Map<String, Object> signed) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) signed.get("flavor")).get("meta"))
                .get("description");
    }

    @SuppressWarnings("unchecked")
    private static String flavorId(Map<String, Object> signed) {
        return (String) ((Map<String, Object>) ((Map<String, Object>) signed.get("flavor")).get("meta")).get("id");
    }

    // ---- flavors from a host, judged end to end ------------------------------------------------------------------

    @Test
    void createWhenHostNamedThenSignedFlavorsThatVerifyTheHostTrusted() throws Exception {
        String groupName = unique("gce");
        UUID group = UUID.fromString(createGroup(groupName));
        UUID host = UUID.randomUUID();
        insertHost(host, group);
        announcements.events.clear();

        HttpResponse<String> created = api().post("/hvs/v2/flavors", "{\"host_id\":\"" + GCE_HOST
                + "\",\"flavorgroup_names\":[\"" + groupName + "\"]}", admin());

        List<Map<String, Object>> flavors = signedFlavors(json(created, 201));
        assertThat(flavors).extracting(f -> description(f).get("flavor_part"))
                .containsExactlyInAnyOrder("PLATFORM", "OS", "HOST_UNIQUE");
        assertThat(flavors).allSatisfy(f -> assertThat(description(f).get("flavor_template_ids"))
                .isEqualTo(List.of(DefaultTemplates.load(DefaultTemplates.LINUX_UEFI).id().toString())));
        // the signature is over the exact bytes the API returns as "flavor"
        String raw = created.body().substring(created.body().indexOf("{\"meta\""));
        raw = raw.substring(0, raw.indexOf(",\"signature\""));
        assertThat(signingKey.verify(raw.getBytes(StandardCharsets.UTF_8), (String) flavors.getFirst().get("signature")))
                .isTrue();
        assertThat(announcements.events).singleElement().satisfies(e -> {
            assertThat(e.flavorGroupIds()).containsExactly(group);
            assertThat(e.hostIds()).containsExactly(host);
        });

        TrustVerdict verdict = evaluator.evaluate(gce().hostId(host).groups(group).build());

        assertThat(verdict.faults()).isEmpty();
        assertThat(verdict.overall()).isEqualTo(Trust.TRUSTED);
        assertThat(verdict.matchedFlavorIds()).extracting(UUID::toString)
                .containsExactlyInAnyOrderElementsOf(flavors.stream().map(FlavorApiTest::flavorId).toList());
    }

    @Test
    void evaluateWhenStoredFlavorChangedInDatabaseThenRefusedWithSignatureFault() {
        String groupName = unique("tamper");
        UUID group = UUID.fromString(createGroup(groupName));
        List<Map<String, Object>> flavors = signedFlavors(json(api().post("/hvs/v2/flavors", "{\"host_id\":\""
                + GCE_HOST + "\",\"flavorgroup_names\":[\"" + groupName + "\"],\"partial_flavor_types\":[\"OS\"]}",
                admin()), 201));
        String osFlavor = flavorId(flavors.getFirst());
        // an attacker with database access makes the golden PCR 8 value all zeros
        String pcr8 = GceManifests.pcr(dev.trustedcompute.tpmquote.tpm.TpmHash.SHA384, 8);
        assertThat(jdbc.sql("UPDATE flavors SET content = replace(content, ?, ?) WHERE id = ?")
                .params(pcr8, "00".repeat(48), UUID.fromString(osFlavor)).update()).isEqualTo(1);

        TrustVerdict verdict = evaluator.evaluate(gce().groups(group).build());

        assertThat(verdict.parts()).containsEntry(dev.trustedcompute.hvs.flavor.FlavorPart.OS, Trust.UNTRUSTED);
        assertThat(verdict.faults()).extracting(TrustVerdict.Fault::rule).contains(Rule.FLAVOR_SIGNATURE);
        assertThat(verdict.summaryFaults()).anySatisfy(f -> assertThat(f.description())
                .isEqualTo("flavor refused: the signature does not verify over the stored flavor (flavor " + osFlavor + ")"));
    }

    @Test
    void createWhenUnknownHostOrGroupOrUnsuitablePartThenProblem() {
        String admin = admin();
        assertProblem(api().post("/hvs/v2/flavors", "{\"host_id\":\"" + UUID.randomUUID() + "\"}", admin), 404, "host-not-found");
        assertProblem(api().post("/hvs/v2/flavors", "{\"host_id\":\"" + GCE_HOST + "\",\"flavorgroup_names\":[\"nope\"]}",
                admin), 400, "invalid-input");
        assertThat(assertProblem(api().post("/hvs/v2/flavors", "{\"host_id\":\"" + GCE_HOST
                + "\",\"partial_flavor_types\":[\"SOFTWARE\"]}", admin), 422, "evidence-unsuitable"))
                .isEqualTo("the applicable templates [default-linux-uefi] define no rules for [SOFTWARE]");
    }

    // ---- import, search, delete ------------------------------------------------------------------------------

    private static String importJson(String label, String measurement, String groupName) {
        return "{\"flavor_collection\":{\"flavors\":[{\"flavor\":{\"meta\":{\"description\":{\"flavor_part\":\"SOFTWARE\","
                + "\"label\":\"" + label + "\"}},\"pcrs\":[{\"pcr\":{\"index\":15,\"bank\":\"SHA256\"},\"measurement\":\""
                + measurement + "\",\"pcr_matches\":true}]}}]}" + (groupName == null ? "" : ",\"flavorgroup_names\":[\""
                + groupName + "\"]") + "}";
    }

    @Test
    void importWhenFlavorDocumentThenSignedStoredSearchableAndDeletable() {
        String admin = admin();
        String groupName = unique("import");
        String group = createGroup(groupName);
        String label = unique("sw");

        Map<String, Object> signed = signedFlavors(json(api().post("/hvs/v2/flavors",
                importJson(label, "AB".repeat(32), groupName), admin), 201)).getFirst();
        String id = flavorId(signed);

        assertThat(description(signed)).containsEntry("label", label);
        assertThat(json(api().get("/hvs/v2/flavors/" + id, admin), 200)).containsEntry("signature", signed.get("signature"));
        assertThat(signedFlavors(json(api().get("/hvs/v2/flavors?flavorgroupId=" + group, admin), 200)))
                .extracting(FlavorApiTest::flavorId).containsExactly(id);
        assertThat(signedFlavors(json(api().get("/hvs/v2/flavors?key=label&value=" + label, admin), 200)))
                .extracting(FlavorApiTest::flavorId).containsExactly(id);
        assertThat(signedFlavors(json(api().get("/hvs/v2/flavors?flavorParts=SOFTWARE&flavorgroupId=" + group, admin),
                200))).hasSize(1);
        assertThat(signedFlavors(json(api().get("/hvs/v2/flavors?flavorParts=OS&flavorgroupId=" + group, admin), 200)))
                .isEmpty();
        assertProblem(api().post("/hvs/v2/flavors", importJson(label, "ab".repeat(32), null), admin), 409, "flavor-exists");

        announcements.events.clear();
        assertThat(api().send("DELETE", "/hvs/v2/flavors/" + id, null, admin).statusCode()).isEqualTo(204);
        assertThat(announcements.events).singleElement()
                .satisfies(e -> assertThat(e.flavorGroupIds()).containsExactly(UUID.fromString(group)));
        assertProblem(api().get("/hvs/v2/flavors/" + id, admin), 404, "flavor-not-found");
        assertProblem(api().send("DELETE", "/hvs/v2/flavors/" + id, null, admin), 404, "flavor-not-found");
    }

    @Test
    void searchWhenMoreThanLimitThenPagedOldestFirst() {
        String admin = admin();
        String groupName = unique("paging");
        String group = createGroup(groupName);
        for (int i = 0; i < 3; i++) {
            json(api().post("/hvs/v2/flavors", importJson(unique("page"), "cd".repeat(32), groupName), admin), 201);
        }

        Map<String, Object> first = json(api().get("/hvs/v2/flavors?limit=2&flavorgroupId=" + group, admin), 200);
        Map<String, Object> second = json(api().get("/hvs/v2/flavors?limit=2&flavorgroupId=" + group + "&afterId="
                + first.get("next"), admin), 200);

        assertThat(signedFlavors(first)).hasSize(2);
        assertThat(signedFlavors(second)).hasSize(1);
        assertThat(second).doesNotContainKey("next");
    }

    static Stream<Arguments> badFlavorRequests() {
        String ok = "\"measurement\":\"" + "ab".repeat(32) + "\"";
        return Stream.of(
                Arguments.of("neither host nor collection", "POST", "/hvs/v2/flavors", "{}", 400, "invalid-input"),
                Arguments.of("both host and collection", "POST", "/hvs/v2/flavors", "{\"host_id\":\"" + GCE_HOST
                        + "\",\"flavor_collection\":{\"flavors\":[]}}", 400, "invalid-input"),
                Arguments.of("empty collection", "POST", "/hvs/v2/flavors", "{\"flavor_collection\":{\"flavors\":[]}}",
                        400, "invalid-input"),
                Arguments.of("SecL signed collection", "POST", "/hvs/v2/flavors",
                        "{\"signed_flavor_collection\":{\"signed_flavors\":[]}}", 400, "malformed-body"),
                Arguments.of("malformed JSON", "POST", "/hvs/v2/flavors", "{\"host_id\":", 400, "malformed-body"),
                Arguments.of("host id not a UUID", "POST", "/hvs/v2/flavors", "{\"host_id\":\"x\"}", 400, "malformed-body"),
                Arguments.of("unknown part", "POST", "/hvs/v2/flavors", "{\"host_id\":\"" + GCE_HOST
                        + "\",\"partial_flavor_types\":[\"IMA\"]}", 400, "malformed-body"),
                Arguments.of("short measurement", "POST", "/hvs/v2/flavors", importJson("x", "ab", null), 400,
                        "invalid-input"),
                Arguments.of("unknown flavor field", "POST", "/hvs/v2/flavors", "{\"flavor_collection\":{\"flavors\":"
                        + "[{\"flavor\":{\"meta\":{\"description\":{\"flavor_part\":\"OS\",\"label\":\"l\"}},\"hardware\""
                        + ":{},\"pcrs\":[{\"pcr\":{\"index\":0,\"bank\":\"SHA256\"}," + ok + ",\"pcr_matches\":true}]}}]}}",
                        400, "malformed-body"),
                Arguments.of("NUL in label", "POST", "/hvs/v2/flavors", importJson("a\\u0000b", "ab".repeat(32), null),
                        400, "invalid-input"),
                Arguments.of("partial types with a document", "POST", "/hvs/v2/flavors", "{\"partial_flavor_types\":"
                        + "[\"OS\"]," + importJson("x", "ab".repeat(32), null).substring(1), 400, "invalid-input"),
                Arguments.of("null part", "POST", "/hvs/v2/flavors", "{\"host_id\":\"" + GCE_HOST
                        + "\",\"partial_flavor_types\":[null]}", 400, "invalid-input"),
                Arguments.of("null flavor", "POST", "/hvs/v2/flavors", "{\"flavor_collection\":{\"flavors\":[{}]}}", 400,
                        "invalid-input"),
                Arguments.of("null tag", "POST", "/hvs/v2/flavors", importJson("x", "ab".repeat(32), null).replace(
                        "\"pcr_matches\":true", "\"eventlog_includes\":[{\"type_id\":\"0x00000004\",\"tags\":[null],"
                        + "\"measurement\":\"" + "ab".repeat(32) + "\"}]"), 400, "malformed-body"),
                Arguments.of("null PCR", "POST", "/hvs/v2/flavors", importJson("x", "ab".repeat(32), null).replace(
                        "{\"index\":15,\"bank\":\"SHA256\"}", "null"), 400, "malformed-body"),
                Arguments.of("limit 0", "GET", "/hvs/v2/flavors?limit=0", null, 400, "invalid-input"),
                Arguments.of("key without value", "GET", "/hvs/v2/flavors?key=label", null, 400, "invalid-input"),
                Arguments.of("key with SQL", "GET", "/hvs/v2/flavors?key=a'b&value=c", null, 400, "invalid-input"),
                Arguments.of("bad part filter", "GET", "/hvs/v2/flavors?flavorParts=BIOS", null, 400, "bad-request"),
                Arguments.of("bad id", "GET", "/hvs/v2/flavors/not-a-uuid", null, 400, "bad-request"),
                Arguments.of("unknown flavor", "GET", "/hvs/v2/flavors/" + UUID.randomUUID(), null, 404,
                        "flavor-not-found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFlavorRequests")
    void flavorsWhenBadInputThenProblemAndNothingStored(String name, String method, String path, String body, int status,
                                                         String code) {
        long before = jdbc.sql("SELECT count(*) FROM flavors").query(Long.class).single();

        assertProblem(api().send(method, path, body, admin()), status, code);

        assertThat(jdbc.sql("SELECT count(*) FROM flavors").query(Long.class).single()).isEqualTo(before);
    }

    // ---- flavor groups ---------------------------------------------------------------------------------------

    @Test
    void flavorGroupsWhenCreatedThenReadSearchLinkAndDelete() {
        String admin = admin();
        String name = unique("group");
        Map<String, Object> created = json(api().post("/hvs/v2/flavorgroups", groupJson(name, true), admin), 201);
        String id = (String) created.get("id");
        assertThat(created).containsEntry("name", name).containsEntry("golden_after_reboot", true);
        assertThat(json(api().get("/hvs/v2/flavorgroups/" + id, admin), 200)).isEqualTo(created);
        assertThat(json(api().get("/hvs/v2/flavorgroups?nameEqualTo=" + name, admin), 200).get("flavorgroups"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactly(created);
        assertProblem(api().post("/hvs/v2/flavorgroups", groupJson(name, false), admin), 409, "flavor-group-exists");

        String flavor = flavorId(signedFlavors(json(api().post("/hvs/v2/flavors", importJson(unique("l"), "ab".repeat(32),
                null), admin), 201)).getFirst());
        assertThat(json(api().post("/hvs/v2/flavorgroups/" + id + "/flavors", "{\"flavor_id\":\"" + flavor + "\"}", admin),
                201)).containsEntry("flavorgroup_id", id).containsEntry("flavor_id", flavor);
        assertThat(json(api().get("/hvs/v2/flavorgroups/" + id + "/flavors", admin), 200).get("flavorgroup_flavor_links"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
        json(api().get("/hvs/v2/flavorgroups/" + id + "/flavors/" + flavor, admin), 200);
        assertThat(api().send("DELETE", "/hvs/v2/flavorgroups/" + id + "/flavors/" + flavor, null, admin).statusCode()).isEqualTo(204);
        assertProblem(api().get("/hvs/v2/flavorgroups/" + id + "/flavors/" + flavor, admin), 404, "link-not-found");
        assertProblem(api().send("DELETE", "/hvs/v2/flavorgroups/" + id + "/flavors/" + flavor, null, admin), 404, "link-not-found");
        assertProblem(api().post("/hvs/v2/flavorgroups/" + id + "/flavors", "{\"flavor_id\":\"" + UUID.randomUUID() + "\"}",
                admin), 404, "flavor-not-found");

        assertThat(api().send("DELETE", "/hvs/v2/flavorgroups/" + id, null, admin).statusCode()).isEqualTo(204);
        assertProblem(api().get("/hvs/v2/flavorgroups/" + id, admin), 404, "flavor-group-not-found");
        assertThat(json(api().get("/hvs/v2/flavors/" + flavor, admin), 200)).as("the flavor outlives the group").isNotNull();
    }

    @Test
    void automaticGroupWhenListedThenSecLPoliciesAndNotDeletable() {
        String admin = admin();
        Map<String, Object> automatic = json(api().get("/hvs/v2/flavorgroups/00000000-0000-7000-8000-000000000001", admin),
                200);

        assertThat(automatic).containsEntry("name", "automatic").containsEntry("golden_after_reboot", false);
        assertThat(automatic.get("flavor_match_policy_collection").toString())
                .contains("{flavor_part=PLATFORM, match_policy={match_type=ANY_OF, required=REQUIRED}}",
                        "{flavor_part=HOST_UNIQUE, match_policy={match_type=LATEST, required=REQUIRED_IF_DEFINED}}");
        assertProblem(api().send("DELETE", "/hvs/v2/flavorgroups/00000000-0000-7000-8000-000000000001", null, admin), 409,
                "default-flavor-group");
    }

    static Stream<Arguments> badGroupRequests() {
        String policy = "\"flavor_match_policy_collection\":{\"flavor_match_policies\":[{\"flavor_part\":\"OS\","
                + "\"match_policy\":{\"match_type\":\"ANY_OF\",\"required\":\"REQUIRED\"}}]}";
        return Stream.of(
                Arguments.of("no name", "POST", "/hvs/v2/flavorgroups", "{" + policy + "}", 400, "invalid-input"),
                Arguments.of("control character", "POST", "/hvs/v2/flavorgroups", "{\"name\":\"a\\nb\"," + policy + "}",
                        400, "invalid-input"),
                Arguments.of("no policies", "POST", "/hvs/v2/flavorgroups", "{\"name\":\"n\"}", 400, "invalid-input"),
                Arguments.of("part twice", "POST", "/hvs/v2/flavorgroups", "{\"name\":\"n\"," + policy.replace("}]}",
                        "},{\"flavor_part\":\"OS\",\"match_policy\":{\"match_type\":\"LATEST\",\"required\":\"REQUIRED\"}}]}")
                        + "}", 400, "invalid-input"),
                Arguments.of("unknown match type", "POST", "/hvs/v2/flavorgroups", "{\"name\":\"n\","
                        + policy.replace("ANY_OF", "SOME_OF") + "}", 400, "malformed-body"),
                Arguments.of("missing required", "POST", "/hvs/v2/flavorgroups", "{\"name\":\"n\","
                        + policy.replace(",\"required\":\"REQUIRED\"", "") + "}", 400, "malformed-body"),
                Arguments.of("unknown field", "POST", "/hvs/v2/flavorgroups", "{\"name\":\"n\",\"x\":1," + policy + "}",
                        400, "malformed-body"),
                Arguments.of("link without flavor", "POST", "/hvs/v2/flavorgroups/00000000-0000-7000-8000-000000000001"
                        + "/flavors", "{}", 400, "invalid-input"),
                Arguments.of("link to unknown group", "POST", "/hvs/v2/flavorgroups/" + UUID.randomUUID() + "/flavors",
                        "{\"flavor_id\":\"" + UUID.randomUUID() + "\"}", 404, "flavor-group-not-found"),
                Arguments.of("NUL in filter", "GET", "/hvs/v2/flavorgroups?nameContains=%00", null, 400, "invalid-input"),
                Arguments.of("limit too big", "GET", "/hvs/v2/flavorgroups?limit=1001", null, 400, "invalid-input"),
                Arguments.of("unknown group", "GET", "/hvs/v2/flavorgroups/" + UUID.randomUUID(), null, 404,
                        "flavor-group-not-found"),
                Arguments.of("delete unknown group", "DELETE", "/hvs/v2/flavorgroups/" + UUID.randomUUID(), null, 404,
                        "flavor-group-not-found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badGroupRequests")
    void flavorGroupsWhenBadInputThenProblemAndNothingStored(String name, String method, String path, String body,
                                                             int status, String code) {
        long before = jdbc.sql("SELECT count(*) FROM flavor_groups").query(Long.class).single();

        assertProblem(api().send(method, path, body, admin()), status, code);

        assertThat(jdbc.sql("SELECT count(*) FROM flavor_groups").query(Long.class).single()).isEqualTo(before);
    }

    // ---- flavor templates ------------------------------------------------------------------------------------

    private static String templateJson(String label) {
        return "{\"flavor_template\":{\"label\":\"" + label + "\",\"condition\":[{\"field\":\"os_name\",\"starts_with\":"
                + "\"Ubuntu\"}],\"flavor_parts\":{\"SOFTWARE\":{\"pcr_rules\":[{\"pcr\":{\"index\":15,\"bank\":[\"SHA256\"]},"
                + "\"pcr_matches\":true}]}}}}";
    }

    @Test
    void templatesWhenDefaultThenSeededAndLinkedToAutomatic() {
        String admin = admin();
        String id = DefaultTemplates.load(DefaultTemplates.LINUX_UEFI).id().toString();

        Map<String, Object> template = json(api().get("/hvs/v2/flavor-templates/" + id, admin), 200);

        assertThat(template).containsEntry("label", "default-linux-uefi").containsEntry("deleted", false);
        assertThat(json(api().get("/hvs/v2/flavor-templates/" + id + "/flavorgroups", admin), 200).toString())
                .contains("flavorgroup_id=00000000-0000-7000-8000-000000000001");
        assertThat(json(api().get("/hvs/v2/flavor-templates?flavorPart=PLATFORM", admin), 200).get("flavor_templates"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
    }

    @Test
    void templatesWhenCreatedThenSearchLinkAndSoftDelete() {
        String admin = admin();
        String groupName = unique("tgroup");
        String group = createGroup(groupName);
        String label = unique("ubuntu-pcr15");

        Map<String, Object> created = json(api().post("/hvs/v2/flavor-templates", templateJson(label).replace("}}}}",
                "}}},\"flavorgroup_names\":[\"" + groupName + "\"]}"), admin), 201);
        String id = (String) created.get("id");

        assertThat(created).containsEntry("label", label).containsEntry("deleted", false);
        assertThat(json(api().get("/hvs/v2/flavor-templates?label=" + label, admin), 200).get("flavor_templates"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactly(created);
        assertThat(json(api().get("/hvs/v2/flavor-templates?flavorPart=SOFTWARE&label=" + label, admin), 200)
                .get("flavor_templates")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
        json(api().get("/hvs/v2/flavor-templates/" + id + "/flavorgroups/" + group, admin), 200);
        assertProblem(api().post("/hvs/v2/flavor-templates", templateJson(label), admin), 409, "flavor-template-exists");

        assertThat(api().send("DELETE", "/hvs/v2/flavor-templates/" + id + "/flavorgroups/" + group, null, admin).statusCode())
                .isEqualTo(204);
        assertProblem(api().get("/hvs/v2/flavor-templates/" + id + "/flavorgroups/" + group, admin), 404, "link-not-found");
        json(api().post("/hvs/v2/flavor-templates/" + id + "/flavorgroups", "{\"flavorgroup_id\":\"" + group + "\"}",
                admin), 201);

        assertThat(api().send("DELETE", "/hvs/v2/flavor-templates/" + id, null, admin).statusCode()).isEqualTo(204);
        assertThat(json(api().get("/hvs/v2/flavor-templates/" + id, admin), 200)).containsEntry("deleted", true);
        assertThat(json(api().get("/hvs/v2/flavor-templates?label=" + label, admin), 200).get("flavor_templates"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();
        assertThat(json(api().get("/hvs/v2/flavor-templates?includeDeleted=true&label=" + label, admin), 200)
                .get("flavor_templates")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
        assertProblem(api().send("DELETE", "/hvs/v2/flavor-templates/" + id, null, admin), 404, "flavor-template-not-found");
        assertProblem(api().post("/hvs/v2/flavor-templates/" + id + "/flavorgroups", "{\"flavorgroup_id\":\"" + group + "\"}",
                admin), 409, "flavor-template-deleted");
        json(api().post("/hvs/v2/flavor-templates", templateJson(label), admin), 201);
    }

    static Stream<Arguments> badTemplateRequests() {
        String ok = templateJson("t");
        return Stream.of(
                Arguments.of("no template", "POST", "/hvs/v2/flavor-templates", "{}", 400, "invalid-input"),
                Arguments.of("no label", "POST", "/hvs/v2/flavor-templates", ok.replace("\"label\":\"t\",", ""), 400,
                        "invalid-input"),
                Arguments.of("two tests in a condition", "POST", "/hvs/v2/flavor-templates", ok.replace("\"starts_with\"",
                        "\"present\":true,\"starts_with\""), 400, "invalid-input"),
                Arguments.of("unknown host field", "POST", "/hvs/v2/flavor-templates", ok.replace("os_name", "cpu"), 400,
                        "malformed-body"),
                Arguments.of("null condition", "POST", "/hvs/v2/flavor-templates", ok.replace(
                        "[{\"field\":\"os_name\",\"starts_with\":\"Ubuntu\"}]", "[null]"), 400, "malformed-body"),
                Arguments.of("null part rules", "POST", "/hvs/v2/flavor-templates", ok.replace(
                        "{\"pcr_rules\":[{\"pcr\":{\"index\":15,\"bank\":[\"SHA256\"]},\"pcr_matches\":true}]}", "null"), 400,
                        "malformed-body"),
                Arguments.of("PCR 24", "POST", "/hvs/v2/flavor-templates", ok.replace("\"index\":15", "\"index\":24"), 400,
                        "invalid-input"),
                Arguments.of("no bank", "POST", "/hvs/v2/flavor-templates", ok.replace("[\"SHA256\"]", "[]"), 400,
                        "invalid-input"),
                Arguments.of("unknown bank", "POST", "/hvs/v2/flavor-templates", ok.replace("[\"SHA256\"]", "[\"MD5\"]"),
                        400, "malformed-body"),
                Arguments.of("rule without test", "POST", "/hvs/v2/flavor-templates", ok.replace("\"pcr_matches\":true",
                        "\"pcr_matches\":false"), 400, "invalid-input"),
                Arguments.of("unknown group name", "POST", "/hvs/v2/flavor-templates", ok.replace("}}}}",
                        "}}},\"flavorgroup_names\":[\"nope\"]}"), 400, "invalid-input"),
                Arguments.of("SecL XPath condition", "POST", "/hvs/v2/flavor-templates", ok.replace(
                        "[{\"field\":\"os_name\",\"starts_with\":\"Ubuntu\"}]", "[\"//host_info/os_name\"]"), 400,
                        "malformed-body"),
                Arguments.of("link without group", "POST", "/hvs/v2/flavor-templates/"
                        + DefaultTemplates.load(DefaultTemplates.LINUX_UEFI).id() + "/flavorgroups", "{}", 400,
                        "invalid-input"),
                Arguments.of("link to unknown group", "POST", "/hvs/v2/flavor-templates/"
                        + DefaultTemplates.load(DefaultTemplates.LINUX_UEFI).id() + "/flavorgroups",
                        "{\"flavorgroup_id\":\"" + UUID.randomUUID() + "\"}", 404, "flavor-group-not-found"),
                Arguments.of("bad part filter", "GET", "/hvs/v2/flavor-templates?flavorPart=X", null, 400, "bad-request"),
                Arguments.of("unknown template", "GET", "/hvs/v2/flavor-templates/" + UUID.randomUUID(), null, 404,
                        "flavor-template-not-found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTemplateRequests")
    void templatesWhenBadInputThenProblemAndNothingStored(String name, String method, String path, String body,
                                                          int status, String code) {
        long before = jdbc.sql("SELECT count(*) FROM flavor_templates").query(Long.class).single()
                + jdbc.sql("SELECT count(*) FROM flavor_template_groups").query(Long.class).single();

        assertProblem(api().send(method, path, body, admin()), status, code);

        assertThat(jdbc.sql("SELECT count(*) FROM flavor_templates").query(Long.class).single()
                + jdbc.sql("SELECT count(*) FROM flavor_template_groups").query(Long.class).single()).isEqualTo(before);
    }

    // ---- authorization on every endpoint ---------------------------------------------------------------------

    static Stream<Arguments> endpoints() {
        String id = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("POST", "/hvs/v2/flavors", FlavorPermissions.FLAVORS_CREATE),
                Arguments.of("GET", "/hvs/v2/flavors", FlavorPermissions.FLAVORS_SEARCH),
                Arguments.of("GET", "/hvs/v2/flavors/" + id, FlavorPermissions.FLAVORS_RETRIEVE),
                Arguments.of("DELETE", "/hvs/v2/flavors/" + id, FlavorPermissions.FLAVORS_DELETE),
                Arguments.of("POST", "/hvs/v2/flavorgroups", FlavorPermissions.FLAVORGROUPS_CREATE),
                Arguments.of("GET", "/hvs/v2/flavorgroups", FlavorPermissions.FLAVORGROUPS_SEARCH),
                Arguments.of("GET", "/hvs/v2/flavorgroups/" + id, FlavorPermissions.FLAVORGROUPS_RETRIEVE),
                Arguments.of("DELETE", "/hvs/v2/flavorgroups/" + id, FlavorPermissions.FLAVORGROUPS_DELETE),
                Arguments.of("POST", "/hvs/v2/flavorgroups/" + id + "/flavors", FlavorPermissions.FLAVORGROUPS_CREATE),
                Arguments.of("GET", "/hvs/v2/flavorgroups/" + id + "/flavors", FlavorPermissions.FLAVORGROUPS_SEARCH),
                Arguments.of("GET", "/hvs/v2/flavorgroups/" + id + "/flavors/" + id, FlavorPermissions.FLAVORGROUPS_RETRIEVE),
                Arguments.of("DELETE", "/hvs/v2/flavorgroups/" + id + "/flavors/" + id, FlavorPermissions.FLAVORGROUPS_DELETE),
                Arguments.of("POST", "/hvs/v2/flavor-templates", FlavorPermissions.TEMPLATES_CREATE),
                Arguments.of("GET", "/hvs/v2/flavor-templates", FlavorPermissions.TEMPLATES_SEARCH),
                Arguments.of("GET", "/hvs/v2/flavor-templates/" + id, FlavorPermissions.TEMPLATES_RETRIEVE),
                Arguments.of("DELETE", "/hvs/v2/flavor-templates/" + id, FlavorPermissions.TEMPLATES_DELETE),
                Arguments.of("POST", "/hvs/v2/flavor-templates/" + id + "/flavorgroups", FlavorPermissions.TEMPLATES_CREATE),
                Arguments.of("GET", "/hvs/v2/flavor-templates/" + id + "/flavorgroups", FlavorPermissions.TEMPLATES_SEARCH),
                Arguments.of("GET", "/hvs/v2/flavor-templates/" + id + "/flavorgroups/" + id,
                        FlavorPermissions.TEMPLATES_RETRIEVE),
                Arguments.of("DELETE", "/hvs/v2/flavor-templates/" + id + "/flavorgroups/" + id,
                        FlavorPermissions.TEMPLATES_DELETE));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void endpointWhenNoTokenThen401(String method, String path, String permission) {
        assertProblem(api().send(method, path, method.equals("POST") ? "{}" : null, null), 401, "unauthorized");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void endpointWhenTokenLacksPermissionThen403(String method, String path, String permission) {
        // every flavor permission except the one the endpoint needs
        String token = AAS.token("almost", Permission.of("HVS", Arrays.stream(FlavorPermissions.ALL)
                .filter(p -> !p.equals(permission)).map(p -> p.substring("HVS:".length())).toArray(String[]::new)));

        assertProblem(api().send(method, path, method.equals("POST") ? "{}" : null, token), 403, "forbidden");
    }

    @Test
    void endpointWhenWildcardAdministratorThenAllowed() {
        String administrator = AAS.token("root", Permission.of("HVS", "*:*"));

        json(api().get("/hvs/v2/flavorgroups", administrator), 200);
        json(api().get("/hvs/v2/flavor-templates", administrator), 200);
        json(api().get("/hvs/v2/flavors", administrator), 200);
        assertThat(Set.of(FlavorPermissions.ALL)).hasSize(12);
    }
}

package dev.trustedcompute.hvs.flavorgroup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.agentprotocol.HostInfo;
import dev.trustedcompute.hvs.HvsApplication;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.rules.HostManifest;
import dev.trustedcompute.hvs.rules.Rule;
import dev.trustedcompute.hvs.rules.Trust;
import dev.trustedcompute.hvs.rules.TrustVerdict;
import dev.trustedcompute.hvs.support.HvsTestEnvironment;
import dev.trustedcompute.hvs.template.FlavorTemplate;
import dev.trustedcompute.hvs.template.FlavorTemplateService;
import dev.trustedcompute.hvs.template.PcrRule;
import dev.trustedcompute.testsupport.nats.NatsServerFixture;
import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.Tpm2ToolsPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtPublic;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Golden-after-reboot on a real swtpm: the first evidence of a boot becomes golden only in a group that asks for it,
 * a later change in the same boot is untrusted, and a TPM reset (reboot) takes new golden values, replacing the old.
 */
@SwtpmTest
@SpringBootTest(classes = HvsApplication.class)
class GoldenAfterRebootSwtpmTest {

    static final HvsTestEnvironment ENV = new HvsTestEnvironment(GoldenAfterRebootSwtpmTest.class);
    static final HostInfo HOST_INFO = new HostInfo("swtpm-node", "6b1d4f1e-8c2a-4a0e-9d53-1f0e2c3b4a59", "Debian GNU/Linux",
            "12", "6.1.0", "SeaBIOS", "1.16", true, null, "2.0", List.of("tpm"), "boot-1", "0.1.0");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        ENV.register(r, NatsServerFixture.url());
    }

    @AfterAll
    static void stop() {
        ENV.aas.close();
    }

    @BeforeAll
    static void createAk(Swtpm tpm) {
        tpm.tpm2("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
        tpm.flush();
        tpm.tpm2("tpm2_createak", "-C", "ek.ctx", "-c", "ak.ctx", "-G", "rsa", "-g", "sha256", "-s", "rsassa",
                "-u", "ak.pub", "-n", "ak.name");
        tpm.flush();
        tpm.tpm2("tpm2_evictcontrol", "-C", "o", "-c", "ak.ctx", "0x81010002");
        tpm.flush();
    }

    @Autowired
    FlavorGroupService groups;
    @Autowired
    FlavorTemplateService templates;
    @Autowired
    FlavorGroupTrustEvaluator evaluator;
    @Autowired
    JdbcClient jdbc;

    /** A group (PLATFORM ANY_OF REQUIRED) whose flavors come from a PCR 16 template, and a host linked to it. */
    private record Setup(UUID host, UUID group) {
    }

    private Setup setup(boolean goldenAfterReboot) {
        String name = "group-" + UUID.randomUUID();
        FlavorGroup group = groups.create(name, Map.of(FlavorPart.PLATFORM,
                new MatchPolicy(MatchType.ANY_OF, Requirement.REQUIRED)), goldenAfterReboot);
        templates.create(new FlavorTemplate(null, "pcr16-" + name, List.of(), Map.of(FlavorPart.PLATFORM,
                new FlavorTemplate.PartRules(List.of(new PcrRule(new PcrRule.Pcr(16, List.of(TpmHash.SHA256)), true,
                        null, null))))), List.of(name));
        UUID host = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO hosts (id, name, nats_host_id, hardware_uuid, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(host, "h-" + host, "n-" + host, UUID.fromString(HOST_INFO.hardwareUuid()), now, now).update();
        jdbc.sql("INSERT INTO host_flavor_groups (host_id, flavor_group_id) VALUES (?, ?)").params(host, group.id()).update();
        return new Setup(host, group.id());
    }

    /** Extends PCR 16 with a random value and quotes it with a fresh nonce: verified evidence of the node's state. */
    private static HostManifest measureAndQuote(Swtpm tpm, Setup setup) throws Exception {
        byte[] measurement = new byte[32];
        new SecureRandom().nextBytes(measurement);
        tpm.tpm2("tpm2_pcrextend", "16:sha256=" + HexFormat.of().formatHex(measurement));
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        tpm.tpm2("tpm2_quote", "-c", "0x81010002", "-l", "sha256:16", "-q", HexFormat.of().formatHex(nonce),
                "-m", "q.msg", "-s", "q.sig", "-o", "q.pcrs", "-g", "sha256");
        tpm.flush();
        QuotedPcrs quoted = AkPublic.of(TpmtPublic.parseTpm2b(tpm.read("ak.pub"))).verify(TpmsAttest.parse(tpm.read("q.msg")),
                TpmtSignature.parse(tpm.read("q.sig")), Tpm2ToolsPcrs.parseSerialized(tpm.read("q.pcrs")).getFirst(), nonce);
        return new HostManifest(setup.host(), "n-" + setup.host(), Set.of(setup.group()), List.of(quoted), null, HOST_INFO);
    }

    private long flavorsOf(UUID group) {
        return jdbc.sql("SELECT count(*) FROM flavor_group_flavors WHERE flavor_group_id = ?").param(group)
                .query(Long.class).single();
    }

    @Test
    void evaluateWhenGoldenAfterRebootThenFirstEvidenceOfEachBootBecomesGolden(Swtpm tpm) throws Exception {
        Setup setup = setup(true);

        HostManifest first = measureAndQuote(tpm, setup);
        TrustVerdict taken = evaluator.evaluate(first);
        assertThat(taken.goldenFromReboot()).isTrue();
        assertThat(taken.overall()).isEqualTo(Trust.TRUSTED);
        assertThat(flavorsOf(setup.group())).isEqualTo(1);
        assertThat(evaluator.evaluate(first).goldenFromReboot()).as("same boot, same evidence").isFalse();

        HostManifest changedInSameBoot = measureAndQuote(tpm, setup);
        assertThat(changedInSameBoot.counters()).isEqualTo(first.counters());
        TrustVerdict untrusted = evaluator.evaluate(changedInSameBoot);
        assertThat(untrusted.goldenFromReboot()).isFalse();
        assertThat(untrusted.overall()).isEqualTo(Trust.UNTRUSTED);
        assertThat(untrusted.faults()).extracting(TrustVerdict.Fault::rule).containsExactly(Rule.PCR_MATCHES_CONSTANT);

        tpm.reboot();
        HostManifest afterReboot = measureAndQuote(tpm, setup);
        assertThat(afterReboot.counters().resetCount()).isGreaterThan(first.counters().resetCount());
        TrustVerdict retaken = evaluator.evaluate(afterReboot);
        assertThat(retaken.goldenFromReboot()).isTrue();
        assertThat(retaken.overall()).isEqualTo(Trust.TRUSTED);
        assertThat(retaken.summaryTrust()).containsEntry("PLATFORM", "TRUSTED");
        assertThat(flavorsOf(setup.group())).as("the previous boot's golden flavors are replaced").isEqualTo(1);
    }

    @Test
    void evaluateWhenGroupWithoutOptionThenNothingTakenAndRequiredFlavorMissing(Swtpm tpm) throws Exception {
        Setup setup = setup(false);

        TrustVerdict verdict = evaluator.evaluate(measureAndQuote(tpm, setup));

        assertThat(verdict.goldenFromReboot()).isFalse();
        assertThat(verdict.overall()).isEqualTo(Trust.UNTRUSTED);
        assertThat(verdict.faults()).extracting(TrustVerdict.Fault::rule).containsExactly(Rule.REQUIRED_FLAVOR_PART);
        assertThat(flavorsOf(setup.group())).isZero();
    }
}

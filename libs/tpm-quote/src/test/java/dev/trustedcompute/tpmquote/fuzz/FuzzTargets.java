package dev.trustedcompute.tpmquote.fuzz;

import static dev.trustedcompute.tpmquote.fuzz.Fuzzer.Allowed.FORMAT;
import static dev.trustedcompute.tpmquote.fuzz.Fuzzer.Allowed.FORMAT_OR_VERIFICATION;

import dev.trustedcompute.tpmquote.ExpectedReportData;
import dev.trustedcompute.tpmquote.Jcs;
import dev.trustedcompute.tpmquote.Json;
import dev.trustedcompute.tpmquote.Tee;
import dev.trustedcompute.tpmquote.TrusteeEvidence;
import dev.trustedcompute.tpmquote.azure.HclReport;
import dev.trustedcompute.tpmquote.azure.RuntimeData;
import dev.trustedcompute.tpmquote.azure.TdReport;
import dev.trustedcompute.tpmquote.azure.TrusteeAzureEvidence;
import dev.trustedcompute.tpmquote.azure.VtpmQuote;
import dev.trustedcompute.tpmquote.ccel.CcEventLog;
import dev.trustedcompute.tpmquote.ccel.CcelTable;
import dev.trustedcompute.tpmquote.ccel.RtmrValues;
import dev.trustedcompute.tpmquote.eventlog.EventData;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.eventlog.EventLogSelfCheck;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import dev.trustedcompute.tpmquote.snp.SerdeReportJson;
import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.snp.SnpExpectations;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import dev.trustedcompute.tpmquote.snp.SnpVerifier;
import dev.trustedcompute.tpmquote.tdx.ReportDataExpectation;
import dev.trustedcompute.tpmquote.tdx.TdxCollateral;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.tpmquote.tdx.TdxVerificationPolicy;
import dev.trustedcompute.tpmquote.tdx.TdxVerifier;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.PcrSelectionList;
import dev.trustedcompute.tpmquote.tpm.TpmCertificateValidator;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.Tpm2ToolsPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtPublic;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every parser of the library, with captured inputs as seeds (src/test/resources/evidence, see PROVENANCE.md there),
 * and for the verifiers a parse-and-verify pipeline. Adding a parser means adding a target here.
 *
 * @param name             package.Class.method (the fuzzer's seed derives from it)
 * @param seeds            well-formed inputs; each must be accepted as is
 * @param target           what runs on every input
 * @param allowed          which library exceptions may escape
 * @param prefixesRejected whether every strict prefix of every seed must be a format error (formats with their own
 *                         length; not logs or text, where a prefix can be a shorter valid input)
 */
record FuzzTargets(String name, List<byte[]> seeds, Fuzzer.Target target, Fuzzer.Allowed allowed,
                   boolean prefixesRejected) {

    private static final String E = "evidence/";
    private static final String GCE = E + "A_tpm_quotes/go-tpm-tools/gce-cos-85-nonce9009/";
    private static final String GO_TDX = E + "C_tdx/go-tdx-guest/";
    private static final String TRUSTEE_TDX = E + "C_tdx/trustee/";
    private static final String AZ = E + "D_azure_vtpm/";
    private static final Instant PINNED = Instant.parse("2025-06-01T00:00:00Z");
    private static final Instant FEB_2026 = Instant.parse("2026-02-10T00:00:00Z");
    private static final HexFormat HEX = HexFormat.of();

    @Override
    public String toString() {
        return name;
    }

    static List<FuzzTargets> all() throws Exception {
        List<FuzzTargets> t = new ArrayList<>();
        tpm(t);
        eventLogs(t);
        snp(t);
        tdx(t);
        azure(t);
        json(t);
        return t;
    }

    private static void tpm(List<FuzzTargets> t) throws Exception {
        byte[] trusteeMessage = Base64.getDecoder().decode(jsonString(E + "F_misc/trustee/tpm_evidence.json", "message"));
        List<byte[]> attests = List.of(read(GCE + "quote_sha1.tpms_attest.bin"), read(GCE + "quote_sha256.tpms_attest.bin"),
                read(GCE + "quote_sha384.tpms_attest.bin"), trusteeMessage, read(AZ + "trustee/az-snp-vtpm/tpm-quote.msg"));
        t.add(new FuzzTargets("tpm.TpmsAttest.parse", attests, TpmsAttest::parse, FORMAT, true));
        byte[] sha256 = read(GCE + "quote_sha256.tpms_attest.bin");
        byte[] sized = new byte[sha256.length + 2];
        sized[0] = (byte) (sha256.length >> 8);
        sized[1] = (byte) sha256.length;
        System.arraycopy(sha256, 0, sized, 2, sha256.length);
        t.add(new FuzzTargets("tpm.TpmsAttest.parseTpm2b", List.of(sized), TpmsAttest::parseTpm2b, FORMAT, true));
        t.add(new FuzzTargets("tpm.TpmtSignature.parse", List.of(read(GCE + "quote_sha1.tpmt_signature.bin"),
                read(GCE + "quote_sha256.tpmt_signature.bin")), TpmtSignature::parse, FORMAT, true));
        t.add(new FuzzTargets("tpm.TpmtPublic.parse", List.of(read(GCE + "ak_pub.tpmt_public.bin")), TpmtPublic::parse,
                FORMAT, true));
        t.add(new FuzzTargets("tpm.AkPublic.fromSubjectPublicKeyInfo",
                List.of(Base64.getDecoder().decode(jsonString(E + "F_misc/trustee/tpm_evidence.json", "ak_public"))),
                AkPublic::fromSubjectPublicKeyInfo, FORMAT, true));
        t.add(new FuzzTargets("tpm.AkPublic.fromPem", List.of(read(AZ + "azure-cvm-tooling/akpub.pem")),
                in -> AkPublic.fromPem(new String(in, StandardCharsets.ISO_8859_1)), FORMAT, false));
        t.add(new FuzzTargets("tpm.PcrSelectionList.parse", List.of(HEX.parseHex("00000002000403ffffff000b03810080")),
                PcrSelectionList::parse, FORMAT, true));
        byte[] marshaled = HEX.parseHex("00000001000b0381000000000001" + "00000002" + "0020" + "00".repeat(32)
                + "0020" + "07" + "00".repeat(31));
        t.add(new FuzzTargets("tpm.Tpm2ToolsPcrs.parseMarshaled", List.of(marshaled), Tpm2ToolsPcrs::parseMarshaled,
                FORMAT, true));
        byte[] pcrJson = ("{\"sha256\": {\"0\": \"" + "00".repeat(32) + "\", \"1\": \"" + "01".repeat(32)
                + "\"}, \"sha1\": {\"7\": \"0x" + "AB".repeat(20) + "\"}}").getBytes(StandardCharsets.UTF_8);
        t.add(new FuzzTargets("tpm.PcrBank.parseJson", List.of(pcrJson),
                in -> PcrBank.parseJson(new String(in, StandardCharsets.UTF_8)), FORMAT, true));
        byte[] akCert = read(GCE + "ak_cert.der");
        t.add(new FuzzTargets("tpm.TpmCertificateValidator.parseCertificate", List.of(akCert),
                TpmCertificateValidator::parseCertificate, FORMAT, true));
        String ca = E + "A_tpm_quotes/go-tpm-tools/gce-ca-certs/";
        TpmCertificateValidator gce = TpmCertificateValidator.of(
                List.of(TpmCertificateValidator.parseCertificate(read(ca + "tpm_ek_root_1.cer"))),
                List.of(TpmCertificateValidator.parseCertificate(read(ca + "tpm_ek_intermediate_2.crt"))));
        t.add(new FuzzTargets("tpm.TpmCertificateValidator.validate", List.of(akCert), in -> {
            gce.validate(TpmCertificateValidator.parseCertificate(in), Instant.parse("2024-01-01T00:00:00Z"));
            if (!Arrays.equals(in, akCert)) {
                throw new AssertionError("a mutated AK certificate validated");
            }
        }, FORMAT_OR_VERIFICATION, true));
        AkPublic gceAk = AkPublic.parse(read(GCE + "ak_pub.tpmt_public.bin"));
        PcrBank gcePcrs = gceSha256Pcrs();
        TpmtSignature gceSig = TpmtSignature.parse(read(GCE + "quote_sha256.tpmt_signature.bin"));
        t.add(new FuzzTargets("tpm.AkPublic.verify", List.of(sha256),
                in -> gceAk.verify(TpmsAttest.parse(in), gceSig, gcePcrs, HEX.parseHex("9009")),
                FORMAT_OR_VERIFICATION, true));
        t.add(new FuzzTargets("TrusteeEvidence.parse(tpm)", List.of(read(E + "F_misc/trustee/tpm_evidence.json")),
                in -> TrusteeEvidence.parse(Tee.TPM, in), FORMAT, false));
    }

    private static void eventLogs(List<FuzzTargets> t) {
        List<byte[]> logs = new ArrayList<>();
        for (String name : List.of("coreos_36_shielded_vm_no_secure_boot_eventlog", "crypto_agile_eventlog",
                "ebs_event_missing_eventlog", "sb_cert_eventlog")) {
            logs.add(read(E + "A_tpm_eventlogs/go-attestation/" + name));
        }
        for (String name : List.of("confidential-gke-debug-251000_eventlog.bin", "cos-101-amd-sev.bin", "debian-10.bin",
                "eventlogwithsp800155.bin", "glinux-alex.bin", "rhel8-uefi.bin", "ubuntu-2104-no-dbx.bin")) {
            logs.add(read(E + "A_tpm_eventlogs/go-tpm-tools/" + name));
        }
        // parse, replay, decode every event, read Secure Boot: all interpretation a tool does on an unverified log
        t.add(new FuzzTargets("eventlog.EventLog.parse+interpret", logs, in -> {
            EventLog log = EventLog.parse(in);
            for (TcgEvent e : log.unverifiedEvents()) {
                if (e.decode() instanceof EventData.UefiImageLoad load) {
                    load.devicePathText();
                }
            }
            EventLogSelfCheck.run(log, log.computePcrs());
        }, FORMAT, false));
        byte[] area = read(GO_TDX + "ccel_ccel_data.dat");
        List<byte[]> ccel = List.of(Arrays.copyOf(area, 20_000), read(TRUSTEE_TDX + "ccel/CCEL_data_ovmf"),
                read(TRUSTEE_TDX + "ccel/CCEL_data_grub"));
        RtmrValues zero = new RtmrValues(List.of(new byte[48], new byte[48], new byte[48], new byte[48]));
        t.add(new FuzzTargets("ccel.CcEventLog.parse+replay", ccel, in -> {
            CcEventLog log = CcEventLog.parse(in);
            log.replay(log.computeRtmrs());
            log.replay(zero);
        }, FORMAT_OR_VERIFICATION, false));
        t.add(new FuzzTargets("ccel.CcelTable.parse", List.of(read(GO_TDX + "ccel_ccel_table.dat")), CcelTable::parse,
                FORMAT, true));
    }

    private static void snp(List<FuzzTargets> t) throws Exception {
        byte[] virtee = read(E + "B_sev_snp/virtee-sev/report_milan.bin");
        List<byte[]> reports = List.of(virtee, read(E + "B_sev_snp/go-sev-guest/attestation.bin"),
                read(E + "B_sev_snp/trustee/test-report.bin"),
                Arrays.copyOfRange(read(AZ + "trustee/az-snp-vtpm/hcl-report.bin"), 0x20, 0x20 + SnpReport.SIZE));
        t.add(new FuzzTargets("snp.SnpReport.parse", reports, SnpReport::parse, FORMAT, true));
        byte[] vcek = read(E + "B_sev_snp/virtee-sev/vcek_milan.der");
        SnpCertificates certificates = SnpCertificates.of(vcek);
        SnpVerifier verifier = SnpVerifier.withBundledRoots();
        SnpExpectations expected = SnpExpectations.at(PINNED).reportData(Arrays.copyOfRange(virtee, 0x50, 0x90)).build();
        t.add(new FuzzTargets("snp.SnpVerifier.verify", List.of(virtee),
                in -> verifier.verify(SnpReport.parse(in), certificates, expected), FORMAT_OR_VERIFICATION, true));
        SnpReport parsedVirtee = SnpReport.parse(virtee);
        t.add(new FuzzTargets("snp.SnpCertificates.of(vek)+verify", List.of(vcek,
                read(E + "B_sev_snp/trustee/test-vcek.der"), read(E + "B_sev_snp/go-sev-guest/vcek.testcer")),
                in -> verifier.verify(parsedVirtee, SnpCertificates.of(in), expected), FORMAT_OR_VERIFICATION, false));
        t.add(new FuzzTargets("snp.SnpCertificates.of(vek,chain)", List.of(read(E + "B_sev_snp/virtee-sev/cert_chain_milan"),
                read(E + "B_sev_snp/go-sev-guest/milan.testcer")), in -> SnpCertificates.of(vcek, in), FORMAT, false));
        byte[] evidence = SerdeReportJson.evidence(virtee, List.of(new SerdeReportJson.Cert("VCEK", vcek)))
                .getBytes(StandardCharsets.UTF_8);
        t.add(new FuzzTargets("TrusteeEvidence.parse(snp)", List.of(evidence), in -> TrusteeEvidence.parse(Tee.SNP, in),
                FORMAT, false));
    }

    private static void tdx(List<FuzzTargets> t) throws Exception {
        List<byte[]> quotes = new ArrayList<>();
        for (String file : List.of(GO_TDX + "tdx_prod_quote_SPR_E4.dat", GO_TDX + "quote_v5_sample.dat",
                GO_TDX + "ccel_cos-113-tdx-quote.dat", TRUSTEE_TDX + "tdx_quote_4.dat", TRUSTEE_TDX + "tdx_quote_5.dat")) {
            TdxQuote q = TdxQuote.parseFromBuffer(read(file));
            quotes.add(Arrays.copyOf(q.raw(), q.raw().length - q.trailingBytes()));
        }
        t.add(new FuzzTargets("tdx.TdxQuote.parse", quotes, TdxQuote::parse, FORMAT, true));
        byte[] chain = read(E + "E_roots/intel/dcap-qvl/tcb_info_issuer_chain.pem");
        byte[] tcbInfoV5 = read(GO_TDX + "sample_tcbinfo_response_v5");
        byte[] qeIdentity = read(TRUSTEE_TDX + "enclaveIdentity.json");
        TdxCollateral collateral = TdxCollateral.fromPcsResponses(tcbInfoV5, qeIdentity, chain);
        TdxVerifier verifier = TdxVerifier.withIntelRoot(TdxVerificationPolicy.defaults()
                .allowingExpiredCollateral("fuzzing"));
        ReportDataExpectation any = ReportDataExpectation.notChecked("fuzzing");
        t.add(new FuzzTargets("tdx.TdxVerifier.verify", List.of(quotes.get(1)),
                in -> verifier.verify(TdxQuote.parse(in), collateral, any, FEB_2026), FORMAT_OR_VERIFICATION, true));
        TdxQuote v5 = TdxQuote.parse(quotes.get(1));
        t.add(new FuzzTargets("tdx.TdxCollateral.fromPcsResponses(tcbInfo)", List.of(tcbInfoV5,
                read(GO_TDX + "sample_tcbInfo_response"), read(TRUSTEE_TDX + "tcbInfo.json")), in -> verifier.verify(v5,
                TdxCollateral.fromPcsResponses(in, qeIdentity, chain), any, FEB_2026), FORMAT_OR_VERIFICATION, false));
        t.add(new FuzzTargets("tdx.TdxCollateral.fromPcsResponses(qeIdentity)", List.of(qeIdentity,
                read(GO_TDX + "sample_qeIdentity_response")), in -> verifier.verify(v5,
                TdxCollateral.fromPcsResponses(tcbInfoV5, in, chain), any, FEB_2026), FORMAT_OR_VERIFICATION, false));
        t.add(new FuzzTargets("tdx.TdxCollateral.withCrls", List.of(read(GO_TDX + "rootcrl.der"), read(GO_TDX + "pckcrl")),
                in -> collateral.withCrls(Optional.of(in), Optional.empty()), FORMAT, true));
        t.add(new FuzzTargets("tdx.TdxCollateral.fromBundleJson", List.of(bundle(collateral, chain)),
                TdxCollateral::fromBundleJson, FORMAT, false));
        String ccel = Base64.getEncoder().encodeToString(Arrays.copyOf(read(GO_TDX + "ccel_ccel_data.dat"), 18_200));
        byte[] evidence = ("{\"cc_eventlog\":\"" + ccel + "\",\"quote\":\""
                + Base64.getEncoder().encodeToString(quotes.get(2)) + "\"}").getBytes(StandardCharsets.UTF_8);
        t.add(new FuzzTargets("TrusteeEvidence.parse(tdx)", List.of(evidence), in -> TrusteeEvidence.parse(Tee.TDX, in),
                FORMAT, false));
    }

    private static void azure(List<FuzzTargets> t) {
        List<byte[]> hcl = List.of(read(AZ + "trustee/az-snp-vtpm/hcl-report.bin"),
                read(AZ + "azure-cvm-tooling/hcl-report-tdx.bin"), read(AZ + "azure-cvm-tooling/hcl-report-snp.bin"));
        t.add(new FuzzTargets("azure.HclReport.parse", hcl, HclReport::parse, FORMAT, false));
        t.add(new FuzzTargets("azure.VtpmQuote.parseBincode", List.of(read(AZ + "trustee/az-snp-vtpm/quote.bin"),
                read(AZ + "azure-cvm-tooling/quote.bin")), VtpmQuote::parseBincode, FORMAT, true));
        t.add(new FuzzTargets("azure.RuntimeData.parse", List.of(read(AZ + "azure-cvm-tooling/var-data.bin")),
                RuntimeData::parse, FORMAT, false));
        t.add(new FuzzTargets("azure.TdReport.parse", List.of(Arrays.copyOfRange(
                read(AZ + "azure-cvm-tooling/hcl-report-tdx.bin"), 0x20, 0x20 + TdReport.SIZE)), TdReport::parse, FORMAT,
                true));
        List<byte[]> snp = List.of(read(AZ + "trustee/az-snp-vtpm/evidence-v0.json"),
                read(AZ + "trustee/az-snp-vtpm/evidence-v1.json"), read(AZ + "trustee/az-snp-vtpm/evidence-v2.json"));
        t.add(new FuzzTargets("azure.TrusteeAzureEvidence.parseSnp", snp, TrusteeAzureEvidence::parseSnp, FORMAT, false));
        t.add(new FuzzTargets("azure.TrusteeAzureEvidence.parseTdx",
                List.of(read(AZ + "trustee/az-tdx-vtpm/evidence-v1.json")), TrusteeAzureEvidence::parseTdx, FORMAT, false));
    }

    private static void json(List<FuzzTargets> t) {
        List<byte[]> docs = List.of(read(TRUSTEE_TDX + "tcbInfo.json"), read("jcs/rfc8785-3.2.2-input.json"),
                read("jcs/rfc8785-3.2.3-input.json"), read(E + "F_misc/trustee/tpm_evidence.json"));
        t.add(new FuzzTargets("Json.parse", docs, in -> Json.parse(in, "fuzz"), FORMAT, false));
        t.add(new FuzzTargets("Jcs.canonicalize", docs, Jcs::canonicalize, FORMAT, false));
        t.add(new FuzzTargets("ExpectedReportData via TrusteeRuntimeData.primary",
                List.of("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"a\",\"y\":\"b\"}".getBytes(StandardCharsets.UTF_8)),
                in -> ExpectedReportData.trusteeRuntimeData(dev.trustedcompute.tpmquote.RuntimeDataHash.SHA384.digest(
                        dev.trustedcompute.tpmquote.TrusteeRuntimeData.primary("n", in, ""))), FORMAT, false));
    }

    private static PcrBank gceSha256Pcrs() {
        String json = new String(read(GCE + "EXPECTED.json"), StandardCharsets.UTF_8);
        Matcher sha256 = Pattern.compile("\"sha256\"\\s*:\\s*\\{.*?\"pcrs\"\\s*:\\s*\\{([^}]*)}", Pattern.DOTALL).matcher(json);
        if (!sha256.find()) {
            throw new IllegalStateException("no sha256 pcrs in " + GCE + "EXPECTED.json");
        }
        TreeMap<Integer, byte[]> values = new TreeMap<>();
        Matcher entry = Pattern.compile("\"(\\d+)\"\\s*:\\s*\"([0-9a-f]+)\"").matcher(sha256.group(1));
        while (entry.find()) {
            values.put(Integer.parseInt(entry.group(1)), HEX.parseHex(entry.group(2)));
        }
        return new PcrBank(TpmHash.SHA256, values);
    }

    private static byte[] bundle(TdxCollateral c, byte[] chain) {
        String pem = jsonText(new String(chain, StandardCharsets.UTF_8));
        return ("{\"tcb_info_issuer_chain\":" + pem + ",\"tcb_info\":"
                + jsonText(new String(c.tcbInfo().signedBytes(), StandardCharsets.UTF_8))
                + ",\"tcb_info_signature\":\"" + HEX.formatHex(c.tcbInfo().signature()) + "\",\"qe_identity_issuer_chain\":"
                + pem + ",\"qe_identity\":" + jsonText(new String(c.qeIdentity().signedBytes(), StandardCharsets.UTF_8))
                + ",\"qe_identity_signature\":\"" + HEX.formatHex(c.qeIdentity().signature()) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonText(String s) {
        return Jcs.write(s);
    }

    /** The string member {@code key} found anywhere in a JSON document (fixtures have it once). */
    private static String jsonString(String resource, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(new String(read(resource),
                StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IllegalStateException("no \"" + key + "\" in " + resource);
        }
        return m.group(1);
    }

    static byte[] read(String resource) {
        try (InputStream in = FuzzTargets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

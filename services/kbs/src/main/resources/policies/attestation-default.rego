# Default attestation policy (Rego). Same meaning as attestation-default.cel; modelled on Trustee's
# ear_default_policy_cpu.rego. Result: trust_claims, AR4SI trustworthiness claims (3/2 = approved/genuine,
# 33/97/36 = unrecognized/unrecognized/unavailable); unset claims count as 0.
# input: the annotated evidence; data.reference_values: name -> list of strings, fetched from RVPS for every
# name written below (OPA has no query_reference_value builtin). Numbers in the claims are compared as decimal
# strings, as RVPS stores them.
package policy

import rego.v1

default executables := 33

default hardware := 97

default configuration := 36

# TPM: genuine hardware only if the quoting AK is a trusted one
hardware := 2 if input.tpm.ak_public in data.reference_values.trusted_aks

executables := 3 if input.tpm.pcr11 in data.reference_values.tpm_pcr11

configuration := 0 if input.tpm

# SEV-SNP: the launch measurement, the reported TCB levels, and a guest policy without debug or migration agent
executables := 3 if input.snp.measurement in data.reference_values.snp_launch_measurement

hardware := 2 if {
	format_int(input.snp.reported_tcb_bootloader, 10) in data.reference_values.snp_bootloader
	format_int(input.snp.reported_tcb_microcode, 10) in data.reference_values.snp_microcode
	format_int(input.snp.reported_tcb_snp, 10) in data.reference_values.snp_snp_svn
	format_int(input.snp.reported_tcb_tee, 10) in data.reference_values.snp_tee_svn
}

configuration := 2 if {
	input.snp.policy_debug_allowed == false
	input.snp.policy_migrate_ma == false
}

# TDX: RTMR1/2 (boot loader, kernel and command line), an Intel TDX quote of a known TD whose TCB is up to date
# against current collateral (no collateral: no tcb_status, so not genuine), no debug, known XFAM
executables := 3 if {
	input.tdx.quote.body.rtmr_1 in data.reference_values.rtmr_1
	input.tdx.quote.body.rtmr_2 in data.reference_values.rtmr_2
}

hardware := 2 if {
	tdx_genuine(input.tdx)
}

configuration := 2 if {
	input.tdx.td_attributes.debug == false
	input.tdx.quote.body.xfam in data.reference_values.xfam
}

# Azure SEV-SNP confidential VM: Trustee types these claims as strings ("false", "24")
executables := 3 if input["az-snp-vtpm"].tpm.pcr11 in data.reference_values.snp_pcr11

hardware := 2 if {
	input["az-snp-vtpm"].reported_tcb_bootloader in data.reference_values.snp_bootloader
	input["az-snp-vtpm"].reported_tcb_microcode in data.reference_values.snp_microcode
	input["az-snp-vtpm"].reported_tcb_snp in data.reference_values.snp_snp_svn
	input["az-snp-vtpm"].reported_tcb_tee in data.reference_values.snp_tee_svn
}

configuration := 2 if {
	input["az-snp-vtpm"].policy_debug_allowed == "false"
	input["az-snp-vtpm"].policy_migrate_ma == "false"
}

# Azure TDX confidential VM: the vTPM's PCR11 and the TD quote, judged as for tdx
executables := 3 if input["az-tdx-vtpm"].tpm.pcr11 in data.reference_values.tdx_pcr11

hardware := 2 if {
	tdx_genuine(input["az-tdx-vtpm"])
}

configuration := 2 if {
	input["az-tdx-vtpm"].td_attributes.debug == false
	input["az-tdx-vtpm"].quote.body.xfam in data.reference_values.xfam
}

tdx_genuine(claims) if {
	claims.quote.header.tee_type == "81000000"
	claims.quote.header.vendor_id == "939a7233f79c4ca9940a0db3957f0607"
	claims.quote.body.mr_td in data.reference_values.mr_td
	claims.tcb_status == "UpToDate"
	claims.collateral_expiration_status == "0"
}

# sample TEE (development only)
executables := 3 if input.sample.launch_digest in data.reference_values.launch_digest

hardware := 2 if {
	input.sample.svn in data.reference_values.svn
	format_int(input.sample.platform_version.major, 10) in data.reference_values.major_version
	some minimum in data.reference_values.minimum_minor_version
	input.sample.platform_version.minor >= to_number(minimum)
}

configuration := 2 if input.sample.debug == false

trust_claims := {
	"executables": executables,
	"hardware": hardware,
	"configuration": configuration,
}

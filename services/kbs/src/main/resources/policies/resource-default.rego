# Default resource policy (Rego). Same meaning as resource-default.cel.
# Release a resource only through the resource plugin, only for evidence the attestation policy found
# affirming, and never for the sample TEE (it has no hardware root of trust).
# input: the verified EAR claims; data.plugin, data["resource-path"], data.query: the request (as in Trustee).
package policy

import rego.v1

default allow := false

allow if {
	data.plugin == "resource"
	input.submods.cpu0["ear.status"] == "affirming"
	not input.submods.cpu0["ear.veraison.annotated-evidence"].sample
}

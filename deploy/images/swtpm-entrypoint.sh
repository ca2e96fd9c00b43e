#!/bin/sh
# Manufactures the TPM once (EK certificates signed by swtpm's local CA), then serves it: commands on 2321,
# control on 2322. TPM2_Startup is done by swtpm itself so the agent can use the TPM at once.
set -eu
state=/var/lib/swtpm
if [ ! -e "$state/tpm2-00.permall" ]; then
  swtpm_setup --tpm2 --tpmstate "$state" --create-ek-cert --create-platform-cert --overwrite
fi
exec swtpm socket --tpm2 --tpmstate "dir=$state" \
  --server type=tcp,port=2321,bindaddr=0.0.0.0 --ctrl type=tcp,port=2322,bindaddr=0.0.0.0 \
  --flags not-need-init,startup-clear --log level=1

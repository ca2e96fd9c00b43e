{{- define "tc.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 40 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{/* (list $ "hvs") -> <fullname>-hvs */}}
{{- define "tc.name" -}}
{{- printf "%s-%s" (include "tc.fullname" (index . 0)) (index . 1) -}}
{{- end -}}

{{- define "tc.labels" -}}
app.kubernetes.io/part-of: trusted-compute
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* (list $ "hvs") -> selector labels of that component */}}
{{- define "tc.selector" -}}
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
app.kubernetes.io/name: {{ index . 1 }}
{{- end -}}

{{/* (list $ "hvs") -> merged settings of that service */}}
{{- define "tc.service" -}}
{{- $root := index . 0 -}}
{{- toYaml (mergeOverwrite (deepCopy $root.Values.serviceDefaults) (index $root.Values.services (index . 1))) -}}
{{- end -}}

{{/* (list $ "hvs") -> https://<fullname>-hvs:8443 (http for services without TLS) */}}
{{- define "tc.url" -}}
{{- $root := index . 0 -}}
{{- $svc := fromYaml (include "tc.service" .) -}}
{{- $scheme := ternary "https" "http" (and $root.Values.tls.enabled $svc.tls) -}}
{{- printf "%s://%s:%v" $scheme (include "tc.name" .) $svc.port -}}
{{- end -}}

{{- define "tc.image" -}}
{{- $root := index . 0 -}}
{{- printf "%s/%s:%s" $root.Values.image.registry (index . 1) (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}

{{- define "tc.postgresql.host" -}}
{{- if .Values.postgresql.bundled -}}{{ include "tc.name" (list . "postgresql") }}{{- else -}}{{ required "postgresql.host is required when postgresql.bundled=false" .Values.postgresql.host }}{{- end -}}
{{- end -}}

{{- define "tc.nats.url" -}}
{{- if .Values.nats.bundled -}}{{ printf "nats://%s:4222" (include "tc.name" (list . "nats")) }}{{- else -}}{{ required "nats.url is required when nats.bundled=false" .Values.nats.url }}{{- end -}}
{{- end -}}

{{- define "tc.opa.url" -}}
{{- if .Values.opa.bundled -}}{{ printf "http://%s:8181" (include "tc.name" (list . "opa")) }}{{- else -}}{{ required "opa.url is required when opa.bundled=false" .Values.opa.url }}{{- end -}}
{{- end -}}

{{/* Secret holding a service's generated secrets (or the operator's existingSecret) */}}
{{- define "tc.secretName" -}}
{{- $svc := fromYaml (include "tc.service" .) -}}
{{- default (printf "%s-secrets" (include "tc.name" .)) $svc.existingSecret -}}
{{- end -}}

{{- define "tc.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "tc.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
{{- end -}}

{{/* Name of every object of the release: the release name, as the apps stack names releases after the app. */}}
{{- define "api.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels: stable for the life of the release (a Deployment's selector is immutable). */}}
{{- define "api.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "api.labels" -}}
{{ include "api.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/component: api
app.kubernetes.io/part-of: orderbook-platform
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "api.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end -}}

{{/* The Secret the pods read connection strings and keys from (made by the ExternalSecret, or provided). */}}
{{- define "api.secretName" -}}
{{- if .Values.externalSecrets.enabled -}}
{{ include "api.fullname" . }}-env
{{- else -}}
{{ required "externalSecrets.existingSecret is required when externalSecrets.enabled is false" .Values.externalSecrets.existingSecret }}
{{- end -}}
{{- end -}}

{{/* Restricted Pod Security: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp. */}}
{{- define "api.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
# The image's own user (apps/api/Dockerfile); above 10000, clear of the uids of the node's own users.
runAsUser: 10001
runAsGroup: 10001
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "api.podSecurityContext" -}}
runAsNonRoot: true
# Volumes are group-owned by the image user's group (the container sets the user itself).
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Environment shared by the API container and the migration Job. */}}
{{- define "api.envFrom" -}}
- configMapRef:
    name: {{ include "api.fullname" . }}
- secretRef:
    name: {{ include "api.secretName" . }}
{{- end -}}

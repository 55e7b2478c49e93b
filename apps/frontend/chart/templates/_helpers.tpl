{{/* Name of every object of the release: the release name, as the apps stack names releases after the app. */}}
{{- define "frontend.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels: stable for the life of the release (a Deployment's selector is immutable). */}}
{{- define "frontend.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "frontend.labels" -}}
{{ include "frontend.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/component: frontend
app.kubernetes.io/part-of: orderbook-platform
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "frontend.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end -}}

{{/* Restricted Pod Security: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp. */}}
{{- define "frontend.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
# The image's own user (apps/frontend/Dockerfile); above 10000, clear of the uids of the node's own users.
runAsUser: 10001
runAsGroup: 10001
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "frontend.podSecurityContext" -}}
runAsNonRoot: true
# Volumes are group-owned by the image user's group (the container sets the user itself).
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

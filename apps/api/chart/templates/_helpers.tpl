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

{{/* Kafka TLS and SASL (values.kafka): container env, and the Secret the ExternalSecret copies the CA and password into. */}}
{{- define "api.kafkaSecretName" -}}
{{ include "api.fullname" . }}-kafka
{{- end -}}

{{- define "api.kafkaCredentials" -}}
{{- $k := .Values.kafka -}}
{{- if and $k.sasl.mechanism (not $k.credentials.passwordKey) -}}
{{- fail "kafka.sasl.mechanism needs kafka.credentials.passwordKey (and storeName): the password comes from the secret store" -}}
{{- end -}}
{{- if and $k.sasl.mechanism (not $k.tls) -}}
{{- fail "kafka.sasl.mechanism needs kafka.tls: credentials must not cross the network in clear text" -}}
{{- end -}}
{{- if and $k.credentials.externalSecret (or $k.credentials.caKey $k.credentials.passwordKey) (not $k.credentials.storeName) -}}
{{- fail "kafka.credentials.storeName is required with caKey or passwordKey when externalSecret is on" -}}
{{- end -}}
{{- ternary "true" "" (or (not (empty $k.credentials.caKey)) (not (empty $k.credentials.passwordKey))) -}}
{{- end -}}

{{- define "api.kafkaEnv" -}}
{{- $k := .Values.kafka -}}
{{- $dir := "/var/run/secrets/kafka" -}}
{{- if $k.tls }}
- name: KAFKA_TLS
  value: "true"
{{- end }}
{{- if $k.credentials.caKey }}
- name: KAFKA_TLS_CA_FILE
  value: {{ printf "%s/ca.crt" $dir }}
{{- end }}
{{- if $k.sasl.mechanism }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $k.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  value: {{ required "kafka.sasl.username is required with kafka.sasl.mechanism" $k.sasl.username | quote }}
- name: KAFKA_SASL_PASSWORD_FILE
  value: {{ printf "%s/password" $dir }}
{{- end }}
{{- end -}}

{{/* Name of every object of the release: the release name, as the apps stack names releases after the app. */}}
{{- define "engine.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels: stable for the life of the release (a Deployment's selector is immutable). */}}
{{- define "engine.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "engine.labels" -}}
{{ include "engine.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/component: matching-engine
app.kubernetes.io/part-of: orderbook-platform
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "engine.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end -}}

{{/* Restricted Pod Security: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp. */}}
{{- define "engine.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
# The image's own user (apps/engine/Dockerfile); above 10000, clear of the uids of the node's own users.
runAsUser: 10001
runAsGroup: 10001
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "engine.podSecurityContext" -}}
runAsNonRoot: true
# Volumes are group-owned by the image user's group (the container sets the user itself).
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Kafka TLS and SASL (values.kafka): container env, and the Secret the ExternalSecret copies the CA and password into. */}}
{{- define "engine.kafkaSecretName" -}}
{{ include "engine.fullname" . }}-kafka
{{- end -}}

{{- define "engine.kafkaCredentials" -}}
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

{{- define "engine.kafkaEnv" -}}
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

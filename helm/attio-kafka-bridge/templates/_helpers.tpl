{{/* Chart name, shortened to the 63 characters a label value allows. */}}
{{- define "bridge.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name of every resource. */}}
{{- define "bridge.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "bridge.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "bridge.selectorLabels" -}}
app.kubernetes.io/name: {{ include "bridge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "bridge.labels" -}}
helm.sh/chart: {{ include "bridge.chart" . }}
{{ include "bridge.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: attio-kafka-bridge
{{- end }}

{{/*
Labels of the helm test pod. They differ from the selector labels, so the Service,
the PodDisruptionBudget and the NetworkPolicy do not select the test pod.
*/}}
{{- define "bridge.testSelectorLabels" -}}
app.kubernetes.io/name: {{ include "bridge.name" . }}-test
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: test
{{- end }}

{{- define "bridge.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "bridge.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "bridge.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Name of the Secret with the webhook signing secrets. */}}
{{- define "bridge.webhookSecretName" -}}
{{- if .Values.webhookSecret.existingSecret }}
{{- .Values.webhookSecret.existingSecret }}
{{- else if .Values.webhookSecret.secrets }}
{{- printf "%s-webhook" (include "bridge.fullname" .) }}
{{- else }}
{{- fail "webhook signing secret missing: set webhookSecret.existingSecret to a Secret with one secret per line under webhookSecret.key, or list them in webhookSecret.secrets" }}
{{- end }}
{{- end }}

{{/* Name of the Secret with the Kafka SASL credentials; empty without a password. */}}
{{- define "bridge.saslSecretName" -}}
{{- if .Values.kafka.sasl.existingSecret }}
{{- .Values.kafka.sasl.existingSecret }}
{{- else if .Values.kafka.sasl.password }}
{{- printf "%s-kafka-sasl" (include "bridge.fullname" .) }}
{{- end }}
{{- end }}

{{/* Name of the ConfigMap with routes.yaml; empty without routes. */}}
{{- define "bridge.routesConfigMapName" -}}
{{- if .Values.existingRoutesConfigMap }}
{{- .Values.existingRoutesConfigMap }}
{{- else if .Values.routes }}
{{- printf "%s-routes" (include "bridge.fullname" .) }}
{{- end }}
{{- end }}

{{/*
Seconds Kubernetes waits between the start of pod deletion and SIGKILL: the preStop
sleep, then the listener grace and the longest wait for acks of in-flight deliveries
(rounded up to whole seconds), then a margin for the producer flush.
*/}}
{{- define "bridge.minimumTerminationGrace" -}}
{{- $bridgeMs := add (int64 .Values.bridge.shutdownGraceMs) (int64 .Values.bridge.ackTimeoutMs) }}
{{- $bridgeSeconds := div (add $bridgeMs 999) 1000 }}
{{- add (int64 .Values.lifecycle.preStopSleepSeconds) $bridgeSeconds (int64 .Values.lifecycle.terminationGraceExtraSeconds) }}
{{- end }}

{{- define "bridge.terminationGrace" -}}
{{- $minimum := include "bridge.minimumTerminationGrace" . | int64 }}
{{- $configured := int64 .Values.terminationGracePeriodSeconds }}
{{- if eq $configured 0 }}
{{- $minimum }}
{{- else if lt $configured $minimum }}
{{- fail (printf "terminationGracePeriodSeconds=%d is shorter than the shutdown needs (%d s: preStop sleep + bridge.shutdownGraceMs + bridge.ackTimeoutMs + margin): raise it or set it to 0 to compute it" $configured $minimum) }}
{{- else }}
{{- $configured }}
{{- end }}
{{- end }}

{{/* Environment variable of a librdkafka property: upper case, "." becomes "_". */}}
{{- define "bridge.kafkaEnvName" -}}
{{- printf "KAFKA_%s" (. | upper | replace "." "_") }}
{{- end }}

{{/* Mount paths of the files the bridge reads. */}}
{{- define "bridge.webhookSecretDir" -}}/etc/attio-kafka-bridge/webhook-secret{{- end }}
{{- define "bridge.routesDir" -}}/etc/attio-kafka-bridge/routes{{- end }}
{{- define "bridge.kafkaCaDir" -}}/etc/attio-kafka-bridge/kafka-ca{{- end }}
{{- define "bridge.kafkaClientCertDir" -}}/etc/attio-kafka-bridge/kafka-client-cert{{- end }}

{{- define "leitplanke.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "leitplanke.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "leitplanke.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "leitplanke.configSecret" -}}
{{- .Values.config.existingSecret | default (printf "%s-config" (include "leitplanke.fullname" .)) -}}
{{- end -}}

{{- define "leitplanke.gatewaySelector" -}}
{{ include "leitplanke.selector" . }}
app.kubernetes.io/component: gateway
{{- end -}}

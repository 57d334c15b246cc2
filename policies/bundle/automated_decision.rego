# METADATA
# title: Automated decisions (GDPR Art. 22, § 35a VwVfG)
# description: |
#   Decides whether a model's eligibility decision may be issued automatically, must go
#   to a human caseworker (obligation human_review) or is refused. Every issued
#   decision carries the obligation "explain" (store an explanation).
#   Entry point: data.leitplanke.automated_decision.decision
#
#   Input (sent by the gateway for every POST /v1/decisions):
#   {
#     "service": {"name": "demo-service", "role": "ai-service"},
#     "model": {"id": "wohngeld-demo", "version": "1.0.0"},
#     "purpose": "antragsbearbeitung",
#     "decision": {"score": 0.62, "threshold": 0.5, "grey_zone": [0.4, 0.6],
#                  "legal_effect": true},
#     "fairness": {"status": "passing"}        # "passing" | "failing" | "unknown"
#   }
#
#   Rules (configuration per model in data.governance.automated_decisions.models):
#   - a score inside the grey zone (the input's or the configured one, inclusive)
#     goes to human review (score_in_grey_zone);
#   - a decision with legal effect goes to human review (legal_effect_requires_review)
#     unless the automation conditions hold: automation.permitted, fairness status
#     equals automation.require_fairness, the score is at least automation.min_margin
#     away from the threshold, and, with automation.favourable_only, the outcome is in
#     the applicant's favour (automation.favourable_when);
#   - a failing latest bias audit gives human_review or deny (on_fairness_failing),
#     an unknown one allow, human_review or deny (on_fairness_unknown).
#   Deny codes: input_invalid, service_unknown, model_unknown, model_not_allowed,
#   model_version_not_allowed, purpose_missing, purpose_not_allowed,
#   fairness_audit_failed, fairness_audit_missing.
#   Review codes: score_in_grey_zone, legal_effect_requires_review,
#   fairness_audit_failed, fairness_audit_missing.
package leitplanke.automated_decision

import data.governance
import data.leitplanke.lib

decision := {"allow": false, "reasons": [r | some r in deny], "obligations": []} if count(deny) > 0

decision := {
	"allow": true,
	"reasons": [r | some r in review],
	"obligations": [o | some o in obligations],
} if {
	count(deny) == 0
}

obligations contains "explain"

obligations contains "human_review" if count(review) > 0

service_name := object.get(lib.inp, ["service", "name"], null)

model_id := object.get(lib.inp, ["model", "id"], null)

purpose := object.get(lib.inp, "purpose", "")

score := object.get(lib.inp, ["decision", "score"], null)

threshold := object.get(lib.inp, ["decision", "threshold"], null)

legal_effect := object.get(lib.inp, ["decision", "legal_effect"], null)

grey_zone := object.get(lib.inp, ["decision", "grey_zone"], [0, 0])

fairness_status := object.get(lib.inp, ["fairness", "status"], "unknown")

service := governance.services[service_name] if is_string(service_name)

config := governance.automated_decisions.models[model_id] if is_string(model_id)

# --- input shape ------------------------------------------------------------------
# well_formed is one cheap check; the detailed input_invalid reasons are only
# evaluated when it fails (rules are evaluated on demand).

well_formed if {
	is_object(input)
	is_string(service_name)
	service_name != ""
	is_string(model_id)
	model_id != ""
	is_string(purpose)
	is_number(score)
	score >= 0
	score <= 1
	is_number(threshold)
	threshold >= 0
	threshold <= 1
	is_boolean(legal_effect)
	lib.valid_range(grey_zone)
	fairness_status in {"passing", "failing", "unknown"}
}

deny contains r if {
	not well_formed
	some r in input_errors
}

input_errors contains {"code": "input_invalid", "message": lib.input_problem}

input_errors contains {"code": "input_invalid", "message": "input.service.name must be a non-empty string"} if {
	not lib.non_empty_string(service_name)
}

input_errors contains {"code": "input_invalid", "message": "input.model.id must be a non-empty string"} if {
	not lib.non_empty_string(model_id)
}

input_errors contains {"code": "input_invalid", "message": "input.purpose must be a string"} if {
	not is_string(purpose)
}

input_errors contains {"code": "input_invalid", "message": "input.decision.score must be a number in [0, 1]"} if {
	not valid_unit(score)
}

input_errors contains {"code": "input_invalid", "message": "input.decision.threshold must be a number in [0, 1]"} if {
	not valid_unit(threshold)
}

input_errors contains {"code": "input_invalid", "message": "input.decision.legal_effect must be a boolean"} if {
	not is_boolean(legal_effect)
}

input_errors contains {"code": "input_invalid", "message": "input.decision.grey_zone must be [low, high]"} if {
	not lib.valid_range(grey_zone)
}

input_errors contains {"code": "input_invalid", "message": "input.fairness.status must be passing, failing or unknown"} if {
	not fairness_status in {"passing", "failing", "unknown"}
}

valid_unit(x) if {
	is_number(x)
	x >= 0
	x <= 1
}

# --- who may decide with which model for which purpose ----------------------------

deny contains {"code": "service_unknown", "message": "the service is not registered in the policy data"} if {
	is_string(service_name)
	not service
}

deny contains {"code": "model_unknown", "message": "the model is not registered for automated decisions"} if {
	is_string(model_id)
	not config
}

deny contains {"code": "model_not_allowed", "message": "the service is not allowed to use this model"} if {
	service
	config
	not service_name in object.get(config, "services", [])
}

deny contains {"code": "model_version_not_allowed", "message": "this model version is not approved"} if {
	versions := object.get(config, "versions", null)
	is_array(versions)
	not object.get(lib.inp, ["model", "version"], null) in versions
}

deny contains {"code": "purpose_missing", "message": "the request declares no purpose (Zweckbindung)"} if {
	purpose == ""
}

deny contains {"code": "purpose_not_allowed", "message": "the purpose is not allowed for this model"} if {
	config
	lib.non_empty_string(purpose)
	not purpose in object.get(config, "purposes", [])
}

# --- fairness ---------------------------------------------------------------------

fairness_code := "fairness_audit_failed" if fairness_status == "failing"

fairness_code := "fairness_audit_missing" if fairness_status == "unknown"

fairness_action := object.get(config, "on_fairness_failing", "deny") if fairness_status == "failing"

fairness_action := object.get(config, "on_fairness_unknown", "human_review") if fairness_status == "unknown"

fairness_messages := {
	"fairness_audit_failed": "the model's latest bias audit failed",
	"fairness_audit_missing": "the model has no conclusive bias audit",
}

deny contains {"code": fairness_code, "message": fairness_messages[fairness_code]} if {
	fairness_action == "deny"
}

# An action other than allow, human_review or deny is a configuration error: refuse.
deny contains {"code": fairness_code, "message": "invalid fairness action configured; refusing"} if {
	config
	fairness_code
	not fairness_action in {"allow", "human_review", "deny"}
}

review contains {"code": fairness_code, "message": fairness_messages[fairness_code]} if {
	fairness_action == "human_review"
}

# --- grey zone and legal effect ------------------------------------------------------

review contains {"code": "score_in_grey_zone", "message": "the score lies in the grey zone"} if in_grey_zone

# Comparisons only: a malformed grey zone is already an input_invalid denial.
in_grey_zone if {
	grey_zone[0] <= score
	score <= grey_zone[1]
}

in_grey_zone if {
	config.grey_zone[0] <= score
	score <= config.grey_zone[1]
}

review contains {
	"code": "legal_effect_requires_review",
	"message": "a decision with legal effect needs human review unless automation is permitted",
} if {
	legal_effect == true
	not automation_permitted
}

automation_permitted if {
	automation := config.automation
	automation.permitted == true
	fairness_status == object.get(automation, "require_fairness", "passing")
	not in_grey_zone
	is_number(score) # explicit: regorus raises on arithmetic with a non-number, OPA is undefined
	is_number(threshold)
	abs(score - threshold) >= object.get(automation, "min_margin", 0)
	favourable_condition(automation)
}

favourable_condition(automation) if object.get(automation, "favourable_only", true) == false

favourable_condition(automation) if favourable(object.get(automation, "favourable_when", ""))

favourable("score_at_or_above_threshold") if score >= threshold

favourable("score_below_threshold") if score < threshold

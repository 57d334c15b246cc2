# METADATA
# title: Access to AI models (Zweckbindung)
# description: |
#   Decides whether a service may send a request to a model for a purpose, with the
#   personal-data categories the request contained. Entry point:
#   data.leitplanke.access.decision
#
#   Input (sent by the gateway for every POST /v1/chat/completions):
#   {
#     "service": {"name": "demo-service", "role": "ai-service"},
#     "model": {"name": "demo-model", "hosting": "internal", "upstream": "demo"},
#     "purpose": "buergerservice",                   # "" when the caller declared none
#     "pii": {
#       "entity_types": ["PERSON", "EMAIL_ADDRESS"], # detected (and redacted) types
#       "count": 4,                                   # number of detected values
#       "special_categories": [],                     # GDPR Art. 9 categories found
#       "residual_identifiers": 0                     # optional: values left unredacted
#     },
#     "request": {"kind": "chat.completions", "stream": false,
#                 "redacted": true}                   # optional, default true
#   }
#
#   Output: {"allow": bool, "reasons": [{"code", "message"}], "obligations": [..]}
#   Deny codes: input_invalid, service_unknown, role_not_allowed, model_not_allowed,
#   model_hosting_unknown, purpose_missing, purpose_not_allowed,
#   data_category_not_allowed, and those of data.leitplanke.data_protection.
#   Obligation: restore_pii (pseudonyms may be restored in the answer).
#   Configuration: data.governance.services, data.governance.models,
#   data.governance.access.allowed_roles.
package leitplanke.access

import data.governance
import data.leitplanke.data_protection
import data.leitplanke.lib
import data.leitplanke.request

decision := {"allow": false, "reasons": [r | some r in deny], "obligations": []} if count(deny) > 0

decision := {"allow": true, "reasons": [], "obligations": [o | some o in obligations]} if count(deny) == 0

# --- input shape ------------------------------------------------------------------
# well_formed is one cheap check; the detailed input_invalid reasons are only
# evaluated when it fails (rules are evaluated on demand).

well_formed if {
	is_object(input)
	request.service_name_ok
	request.model_name_ok
	is_string(request.purpose)
	request.entity_types_ok
}

deny contains r if {
	not well_formed
	some r in input_errors
}

input_errors contains {"code": "input_invalid", "message": lib.input_problem}

input_errors contains {"code": "input_invalid", "message": "input.service.name must be a non-empty string"} if {
	not request.service_name_ok
}

input_errors contains {"code": "input_invalid", "message": "input.model.name must be a non-empty string"} if {
	not request.model_name_ok
}

input_errors contains {"code": "input_invalid", "message": "input.purpose must be a string"} if {
	not is_string(request.purpose)
}

input_errors contains {"code": "input_invalid", "message": "input.pii.entity_types must be a list of strings"} if {
	not request.entity_types_ok
}

# --- who may call which model for which purpose ------------------------------------

deny contains {"code": "service_unknown", "message": "the service is not registered in the policy data"} if {
	is_string(request.service_name)
	not request.service
}

deny contains {"code": "role_not_allowed", "message": "the caller's role may not use AI models"} if {
	not request.role in object.get(governance, ["access", "allowed_roles"], [])
}

deny contains {"code": "model_not_allowed", "message": "the service is not allowed to use this model"} if {
	request.service
	not request.grant
}

deny contains {"code": "model_hosting_unknown", "message": "model hosting must be internal or external"} if {
	not request.hosting in {"internal", "external"}
}

deny contains {"code": "purpose_missing", "message": "the request declares no purpose (Zweckbindung)"} if {
	request.purpose == ""
}

deny contains {"code": "purpose_not_allowed", "message": "the purpose is not allowed for this service and model"} if {
	request.grant
	request.purpose_given
	not request.purpose in object.get(request.grant, "purposes", [])
}

# --- which data categories the service may send --------------------------------------

deny contains {
	"code": "data_category_not_allowed",
	"message": sprintf("the service may not send these data categories: %s", [concat(", ", forbidden_categories)]),
} if {
	count(forbidden_categories) > 0
}

forbidden_categories contains category if {
	request.service
	allowed := object.get(request.service, "data_categories", [])
	not "*" in allowed
	request.entity_types_ok
	some category in request.entity_types
	not category in allowed
}

# --- data protection (GDPR Art. 9, hosting) ------------------------------------------

deny contains r if {
	some r in data_protection.deny
}

obligations contains "restore_pii" if {
	request.grant
	data_protection.restore_allowed
}

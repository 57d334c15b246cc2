# METADATA
# title: Data protection for requests to AI models
# description: |
#   GDPR Art. 9 special categories (health, religion, ethnicity, political opinion,
#   sexual orientation, biometric, genetic, trade union) and residual identifiers may
#   go only to models hosted "internal"; "external" models get redacted text only.
#   Pseudonyms may be restored in answers only for services and purposes listed in
#   data.governance.services[service].restore_pii_purposes.
#
#   Reads the access input (see access.rego). Deny codes: input_invalid,
#   special_category_external, special_category_not_allowed,
#   residual_identifiers_external, unredacted_external.
#   The effective hosting is "internal" only when the gateway says so AND the policy
#   data does not register the model as external (the stricter of the two wins).
package leitplanke.data_protection

import data.governance
import data.leitplanke.lib
import data.leitplanke.request

special_categories := request.special_categories

residual_identifiers := request.residual_identifiers

default hosted_internally := false

hosted_internally if {
	request.hosting == "internal"
	object.get(governance.models, [request.model_name, "hosting"], "internal") == "internal"
}

well_formed if {
	request.special_categories_ok
	is_number(residual_identifiers)
}

deny contains r if {
	not well_formed
	some r in input_errors
}

input_errors contains {"code": "input_invalid", "message": "input.pii.special_categories must be a list of strings"} if {
	not request.special_categories_ok
}

input_errors contains {"code": "input_invalid", "message": "input.pii.residual_identifiers must be a number"} if {
	not is_number(residual_identifiers)
}

# --- what may leave for a model that is not hosted internally ------------------------
# Grouped under one hosting check, so requests to internal models skip these rules.

deny contains r if {
	not hosted_internally
	some r in external_denials
}

external_denials contains {
	"code": "special_category_external",
	"message": "special categories of personal data (GDPR Art. 9) may only go to internal models",
} if {
	request.special_categories_ok
	count(special_categories) > 0
}

external_denials contains {
	"code": "residual_identifiers_external",
	"message": "identifiers that could not be redacted may only go to internal models",
} if {
	is_number(residual_identifiers)
	residual_identifiers > 0
}

external_denials contains {"code": "unredacted_external", "message": "external models get redacted text only"} if {
	request.redacted != true
}

# --- which special categories the service may process --------------------------------

deny contains {
	"code": "special_category_not_allowed",
	"message": sprintf("the service may not process these special categories: %s", [concat(", ", forbidden_special)]),
} if {
	count(forbidden_special) > 0
}

forbidden_special contains category if {
	request.service
	allowed := object.get(request.service, "special_categories", [])
	request.special_categories_ok
	some category in special_categories
	not category in allowed
}

# restore_allowed holds when the service may have pseudonyms restored in answers for
# the declared purpose.
restore_allowed if {
	request.purpose_given
	request.purpose in object.get(request.service, "restore_pii_purposes", [])
}

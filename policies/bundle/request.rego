# METADATA
# title: The access request, normalised once
# description: |
#   Fields of the access input (see access.rego) and the policy data they select,
#   computed once per query and shared by the access and data-protection rule sets.
#   A missing or mistyped field becomes null (or the documented default) here; the
#   rule sets report it as input_invalid.
package leitplanke.request

import data.governance
import data.leitplanke.lib

service_name := object.get(lib.inp, ["service", "name"], null)

role := object.get(lib.inp, ["service", "role"], null)

model_name := object.get(lib.inp, ["model", "name"], null)

hosting := object.get(lib.inp, ["model", "hosting"], null)

purpose := object.get(lib.inp, "purpose", "")

entity_types := object.get(lib.inp, ["pii", "entity_types"], [])

special_categories := object.get(lib.inp, ["pii", "special_categories"], [])

residual_identifiers := object.get(lib.inp, ["pii", "residual_identifiers"], 0)

redacted := object.get(lib.inp, ["request", "redacted"], true)

# The service's entry in data.governance.services (undefined for unknown services).
service := governance.services[service_name] if is_string(service_name)

# The service's grant for the requested model (undefined if none).
grant := service.models[model_name] if is_string(model_name)

# Validity of the fields, computed once (the rule sets test these instead of calling
# helper functions again).
default service_name_ok := false

service_name_ok if {
	is_string(service_name)
	service_name != ""
}

default model_name_ok := false

model_name_ok if {
	is_string(model_name)
	model_name != ""
}

default entity_types_ok := false

entity_types_ok if lib.string_list(entity_types)

default special_categories_ok := false

special_categories_ok if lib.string_list(special_categories)

default purpose_given := false

purpose_given if {
	is_string(purpose)
	purpose != ""
}

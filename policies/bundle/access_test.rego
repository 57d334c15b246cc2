package leitplanke.access_test

import data.leitplanke.access

base := {
	"service": {"name": "demo-service", "role": "ai-service"},
	"model": {"name": "demo-model", "hosting": "internal", "upstream": "demo"},
	"purpose": "buergerservice",
	"pii": {"entity_types": ["PERSON", "EMAIL_ADDRESS"], "count": 4, "special_categories": []},
	"request": {"kind": "chat.completions", "stream": false},
}

codes(d) := {r.code | some r in d.reasons}

test_demo_service_may_use_demo_model_for_each_allowed_purpose if {
	every purpose in ["buergerservice", "antragsbearbeitung", "demo"] {
		d := access.decision with input as object.union(base, {"purpose": purpose})
		d.allow == true
		d.reasons == []
	}
}

test_restore_pii_only_for_buergerservice if {
	d1 := access.decision with input as base
	d1.obligations == ["restore_pii"]
	d2 := access.decision with input as object.union(base, {"purpose": "antragsbearbeitung"})
	d2.allow == true
	d2.obligations == []
}

test_unknown_service_is_denied if {
	d := access.decision with input as object.union(base, {"service": {"name": "nobody", "role": "ai-service"}})
	d.allow == false
	codes(d) == {"service_unknown"}
	d.obligations == []
}

test_other_role_is_denied if {
	d := access.decision with input as object.union(base, {"service": {"name": "demo-service", "role": "citizen"}})
	codes(d) == {"role_not_allowed"}
}

test_missing_role_configuration_denies_everyone if {
	gov := object.remove(data.governance, ["access"])
	d := access.decision with input as base with data.governance as gov
	codes(d) == {"role_not_allowed"}
}

test_model_not_granted_is_denied if {
	d := access.decision with input as object.union(base, {"model": {"name": "gpt-x", "hosting": "internal"}})
	codes(d) == {"model_not_allowed"}
}

test_missing_purpose_is_denied if {
	d := access.decision with input as object.union(base, {"purpose": ""})
	codes(d) == {"purpose_missing"}
	d2 := access.decision with input as object.remove(base, ["purpose"])
	codes(d2) == {"purpose_missing"}
}

test_purpose_outside_zweckbindung_is_denied if {
	d := access.decision with input as object.union(base, {"purpose": "werbung"})
	codes(d) == {"purpose_not_allowed"}
}

test_unknown_hosting_is_denied if {
	d := access.decision with input as object.union(base, {"model": {"name": "demo-model", "hosting": "cloud"}})
	"model_hosting_unknown" in codes(d)
}

test_data_categories_are_restricted_per_service if {
	inp := object.union(base, {
		"service": {"name": "statistik-service", "role": "ai-service"},
		"purpose": "statistik",
		"pii": {"entity_types": ["LOCATION", "PERSON", "IBAN_CODE"], "count": 3, "special_categories": []},
	})
	d := access.decision with input as inp
	codes(d) == {"data_category_not_allowed"}
	d.reasons[0].message == "the service may not send these data categories: IBAN_CODE, PERSON"
}

test_allowed_data_categories_pass if {
	inp := object.union(base, {
		"service": {"name": "statistik-service", "role": "ai-service"},
		"purpose": "statistik",
		"pii": {"entity_types": ["LOCATION"], "count": 1, "special_categories": []},
	})
	d := access.decision with input as inp
	d.allow == true
	d.obligations == []
}

test_malformed_input_is_denied_as_input_invalid if {
	every inp in [
		{},
		{"service": "demo-service"},
		object.union(base, {"purpose": 7}),
		object.union(base, {"pii": {"entity_types": "PERSON"}}),
		object.union(base, {"model": {"name": "", "hosting": "internal"}}),
	] {
		d := access.decision with input as inp
		d.allow == false
		"input_invalid" in codes(d)
	}
}

test_non_object_input_is_denied if {
	every inp in ["text", 3, [1], null] {
		d := access.decision with input as inp
		d.allow == false
		"input_invalid" in codes(d)
	}
}

test_decision_has_the_shape_for_every_outcome if {
	every inp in [base, {}, object.union(base, {"purpose": ""})] {
		d := access.decision with input as inp
		is_boolean(d.allow)
		is_array(d.reasons)
		is_array(d.obligations)
	}
}

test_reasons_are_sorted_and_unique if {
	d := access.decision with input as {"service": {"name": "nobody"}, "model": {"name": "x"}}
	codes_list := [r.code | some r in d.reasons]
	codes_list == sort(codes_list)
}

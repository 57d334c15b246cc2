package leitplanke.data_protection_test

import data.leitplanke.access

base := {
	"service": {"name": "demo-service", "role": "ai-service"},
	"model": {"name": "demo-model", "hosting": "internal", "upstream": "demo"},
	"purpose": "antragsbearbeitung",
	"pii": {"entity_types": ["PERSON"], "count": 1, "special_categories": []},
	"request": {"kind": "chat.completions", "stream": false},
}

external := object.union(base, {"model": {"name": "ext-model", "hosting": "external"}})

# ext-model is granted to demo-service only in these tests.
governance_with_external := object.union(data.governance, {"services": {"demo-service": {"models": {
	"demo-model": {"purposes": ["buergerservice", "antragsbearbeitung", "demo"]},
	"ext-model": {"purposes": ["antragsbearbeitung", "buergerservice"]},
}}}})

codes(d) := {r.code | some r in d.reasons}

test_external_model_with_redacted_text_is_allowed if {
	d := access.decision with input as external with data.governance as governance_with_external
	d.allow == true
}

test_special_categories_may_go_to_internal_models if {
	inp := object.union(base, {"pii": {"entity_types": [], "count": 1, "special_categories": ["health"]}})
	d := access.decision with input as inp
	d.allow == true
}

test_special_categories_never_go_to_external_models if {
	every category in data.governance.special_categories {
		inp := object.union(external, {"pii": {"entity_types": [], "count": 1, "special_categories": [category]}})
		d := access.decision with input as inp with data.governance as governance_with_external
		d.allow == false
		codes(d) == {"special_category_external"}
	}
}

test_special_category_needs_service_permission if {
	inp := object.union(base, {
		"service": {"name": "statistik-service", "role": "ai-service"},
		"purpose": "statistik",
		"pii": {"entity_types": [], "count": 1, "special_categories": ["religion"]},
	})
	d := access.decision with input as inp
	codes(d) == {"special_category_not_allowed"}
}

test_residual_identifiers_never_go_to_external_models if {
	inp := object.union(external, {"pii": {"entity_types": ["PERSON"], "count": 2, "special_categories": [], "residual_identifiers": 1}})
	d := access.decision with input as inp with data.governance as governance_with_external
	codes(d) == {"residual_identifiers_external"}
}

test_residual_identifiers_may_go_to_internal_models if {
	inp := object.union(base, {"pii": {"entity_types": ["PERSON"], "count": 2, "special_categories": [], "residual_identifiers": 1}})
	d := access.decision with input as inp
	d.allow == true
}

test_unredacted_text_never_goes_to_external_models if {
	inp := object.union(external, {"request": {"kind": "chat.completions", "stream": false, "redacted": false}})
	d := access.decision with input as inp with data.governance as governance_with_external
	codes(d) == {"unredacted_external"}
}

test_policy_data_hosting_overrides_a_more_lenient_gateway_claim if {
	gov := object.union(governance_with_external, {"models": {"ext-model": {"hosting": "external"}}})
	inp := object.union(base, {
		"model": {"name": "ext-model", "hosting": "internal"},
		"pii": {"entity_types": [], "count": 1, "special_categories": ["health"]},
	})
	d := access.decision with input as inp with data.governance as gov
	codes(d) == {"special_category_external"}
}

test_restore_only_for_allowed_service_and_purpose if {
	d1 := access.decision with input as object.union(base, {"purpose": "buergerservice"})
	"restore_pii" in d1.obligations
	d2 := access.decision with input as base
	not "restore_pii" in d2.obligations
	stat := object.union(base, {"service": {"name": "statistik-service", "role": "ai-service"}, "purpose": "statistik", "pii": {"entity_types": [], "count": 0, "special_categories": []}})
	d3 := access.decision with input as stat
	d3.allow == true
	not "restore_pii" in d3.obligations
}

test_no_obligations_on_denial if {
	d := access.decision with input as object.union(base, {"purpose": "buergerservice", "service": {"name": "demo-service", "role": "other"}})
	d.allow == false
	d.obligations == []
}

test_malformed_pii_fields_are_input_invalid if {
	every pii in [{"special_categories": "health"}, {"special_categories": [1]}, {"residual_identifiers": "1"}] {
		d := access.decision with input as object.union(base, {"pii": pii})
		"input_invalid" in codes(d)
	}
}

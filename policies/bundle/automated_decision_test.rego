package leitplanke.automated_decision_test

import data.leitplanke.automated_decision as ad

base := {
	"service": {"name": "demo-service", "role": "ai-service"},
	"model": {"id": "wohngeld-demo", "version": "1.0.0"},
	"purpose": "antragsbearbeitung",
	"decision": {"score": 0.62, "threshold": 0.5, "grey_zone": [0.4, 0.6], "legal_effect": true},
	"fairness": {"status": "passing"},
}

with_decision(patch) := object.union(base, {"decision": object.union(base.decision, patch)})

model_config := data.governance.automated_decisions.models["wohngeld-demo"]

with_config(patch) := object.union(data.governance, {"automated_decisions": {"models": {"wohngeld-demo": object.union(model_config, patch)}}})

codes(d) := {r.code | some r in d.reasons}

test_favourable_clear_decision_with_passing_audit_is_automated if {
	d := ad.decision with input as base
	d.allow == true
	d.obligations == ["explain"]
	d.reasons == []
}

test_every_allowed_decision_carries_explain if {
	every inp in [base, with_decision({"score": 0.5}), with_decision({"score": 0.1}), with_decision({"legal_effect": false})] {
		d := ad.decision with input as inp
		"explain" in d.obligations
	}
}

test_grey_zone_goes_to_human_review if {
	every score in [0.4, 0.5, 0.6] {
		d := ad.decision with input as with_decision({"score": score, "legal_effect": false})
		d.allow == true
		d.obligations == ["explain", "human_review"]
		codes(d) == {"score_in_grey_zone"}
	}
}

test_configured_grey_zone_applies_even_if_input_claims_none if {
	d := ad.decision with input as with_decision({"score": 0.55, "grey_zone": [0, 0], "legal_effect": false})
	codes(d) == {"score_in_grey_zone"}
}

test_unfavourable_legal_effect_goes_to_human_review if {
	d := ad.decision with input as with_decision({"score": 0.2})
	d.allow == true
	"human_review" in d.obligations
	codes(d) == {"legal_effect_requires_review"}
}

test_without_legal_effect_unfavourable_is_automated if {
	d := ad.decision with input as with_decision({"score": 0.2, "legal_effect": false})
	d.obligations == ["explain"]
}

test_legal_effect_needs_permission_for_automation if {
	d := ad.decision with input as base with data.governance as with_config({"automation": {"permitted": false}})
	codes(d) == {"legal_effect_requires_review"}
}

test_legal_effect_needs_margin_from_threshold if {
	gov := with_config({"grey_zone": [0.45, 0.46], "automation": object.union(model_config.automation, {"min_margin": 0.2})})
	d := ad.decision with input as with_decision({"score": 0.65, "grey_zone": [0.4, 0.6]}) with data.governance as gov
	codes(d) == {"legal_effect_requires_review"}
}

test_unfavourable_may_be_automated_when_configured if {
	gov := with_config({"automation": object.union(model_config.automation, {"favourable_only": false})})
	d := ad.decision with input as with_decision({"score": 0.2}) with data.governance as gov
	d.obligations == ["explain"]
}

test_failing_audit_goes_to_human_review_by_default if {
	d := ad.decision with input as object.union(base, {"fairness": {"status": "failing"}})
	d.allow == true
	"human_review" in d.obligations
	codes(d) == {"fairness_audit_failed", "legal_effect_requires_review"}
}

test_failing_audit_is_denied_when_configured if {
	d := ad.decision with input as object.union(base, {"fairness": {"status": "failing"}})
		with data.governance as with_config({"on_fairness_failing": "deny"})
	d.allow == false
	codes(d) == {"fairness_audit_failed"}
	d.obligations == []
}

test_unknown_audit_follows_configuration if {
	inp := object.union(base, {"fairness": {"status": "unknown"}, "decision": object.union(base.decision, {"legal_effect": false})})
	d1 := ad.decision with input as inp
	d1.obligations == ["explain"]
	d2 := ad.decision with input as inp with data.governance as with_config({"on_fairness_unknown": "human_review"})
	codes(d2) == {"fairness_audit_missing"}
	d3 := ad.decision with input as inp with data.governance as with_config({"on_fairness_unknown": "deny"})
	d3.allow == false
}

test_invalid_fairness_action_is_denied if {
	d := ad.decision with input as object.union(base, {"fairness": {"status": "failing"}})
		with data.governance as with_config({"on_fairness_failing": "ignore"})
	d.allow == false
}

test_unknown_audit_blocks_automation_of_legal_effect if {
	d := ad.decision with input as object.union(base, {"fairness": {"status": "unknown"}})
	codes(d) == {"legal_effect_requires_review"}
}

test_access_denials if {
	cases := [
		[object.union(base, {"service": {"name": "nobody", "role": "ai-service"}}), {"service_unknown"}],
		[object.union(base, {"model": {"id": "kindergeld", "version": "1"}}), {"model_unknown"}],
		[object.union(base, {"service": {"name": "statistik-service", "role": "ai-service"}}), {"model_not_allowed"}],
		[object.union(base, {"model": {"id": "wohngeld-demo", "version": "2"}}), {"model_version_not_allowed"}],
		[object.union(base, {"purpose": ""}), {"purpose_missing"}],
		[object.union(base, {"purpose": "werbung"}), {"purpose_not_allowed"}],
	]
	every case in cases {
		d := ad.decision with input as case[0]
		d.allow == false
		codes(d) == case[1]
	}
}

test_malformed_input_is_denied if {
	every inp in [
		{},
		"x",
		with_decision({"score": "high"}),
		with_decision({"score": 1.5}),
		with_decision({"threshold": -1}),
		with_decision({"legal_effect": "yes"}),
		with_decision({"grey_zone": [0.6, 0.4]}),
		with_decision({"grey_zone": [0.4]}),
		object.union(base, {"fairness": {"status": "great"}}),
		object.remove(base, ["decision"]),
	] {
		d := ad.decision with input as inp
		d.allow == false
		"input_invalid" in codes(d)
	}
}

test_missing_fairness_counts_as_unknown if {
	d := ad.decision with input as object.remove(base, ["fairness"])
	codes(d) == {"legal_effect_requires_review"}
}

"""Retention as policy: how long each kind of record keeps its content, and legal holds.

A :class:`RetentionPolicy` maps event type and service to a period (first matching rule
wins, then the default). When a record's period has passed, its payload and its encrypted
personal fields are removed; its hashes stay, so the chain and every checkpoint still verify
(the payload hash is part of the leaf, the payload is not). A :class:`LegalHold` on a subject
pseudonym or a decision suspends this for every record that names it.

AI Act Art. 26(6) obliges deployers to keep the automatically generated logs of a high-risk
system for at least six months: a policy that would remove the content of AI-call records
(``proxy.call.*``) or of automated decisions (``decision.made`` and the other
:data:`DECISION_LOG_EVENT_TYPES`) sooner is refused (:data:`MIN_AI_LOG_DAYS`).

:func:`run_retention` plans and (unless ``dry_run``) applies the policy on a store.
"""

from __future__ import annotations

import fnmatch
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from audit_log.errors import AuditError

if TYPE_CHECKING:
    from audit_log.stores.base import AuditReader, AuditStore

MIN_AI_LOG_DAYS = 184
"""Six months (AI Act Art. 26(6)) in whole days: the longest six calendar months (July to
December, or March to August) have 184 days, so a record of 1 July is kept until 1 January."""
AI_CALL_EVENT_TYPES = (
    "proxy.call.started",
    "proxy.call.completed",
    "proxy.call.denied",
    "proxy.call.refused",
    "proxy.call.failed",
    "proxy.stream.started",
)
DECISION_LOG_EVENT_TYPES = (
    "decision.made",
    "decision.denied",
    "decision.refused",
    "decision.store_failed",
)
"""What the automated-decision models (e.g. benefit eligibility, Annex III 5(a)) log by
themselves for every request: the logs of a high-risk system in the sense of Art. 26(6)."""
ART_26_6_EVENT_TYPES = AI_CALL_EVENT_TYPES + DECISION_LOG_EVENT_TYPES
HoldKind = Literal["subject", "decision"]
HOLD_KINDS: tuple[HoldKind, ...] = ("subject", "decision")
ERR_TOO_SHORT = (
    "retention of AI-call and decision logs ({event_type}, service {service}) is {days} days; "
    "AI Act Art. 26(6) requires at least {minimum} days (six months)"
)
ERR_RULE = "retention rule {index}: {detail}"


class RetentionPolicyError(AuditError):
    """The retention policy is invalid; the message names the rule at fault."""


class SubjectUnderHoldError(AuditError):
    """A legal hold keeps a subject's records: their keys must not be destroyed.

    A hold on the subject, or on a decision whose records name the subject, suspends
    crypto-erasure as it suspends retention (GDPR Art. 17(3)(e): legal claims).
    """

    def __init__(self, subject: str, hold_ids: Sequence[str]) -> None:
        super().__init__("a legal hold keeps this subject's records; release it first")
        self.subject = subject
        self.hold_ids = tuple(hold_ids)


@dataclass(frozen=True, kw_only=True)
class RetentionRule:
    """How long records of some event types (and services) keep their content.

    Attributes:
        event_type: shell pattern over event types, e.g. ``proxy.*`` or ``decision.made``.
        service: shell pattern over service names; ``*`` for all.
        days: period after which payloads are removed; 0 keeps them.
        basis: the legal or organisational basis, shown in dry runs and records.
    """

    event_type: str = "*"
    service: str = "*"
    days: int = 0
    basis: str = ""

    def matches(self, event_type: str, service: str) -> bool:
        """True when this rule governs records of ``event_type`` from ``service``."""
        return fnmatch.fnmatchcase(event_type, self.event_type) and fnmatch.fnmatchcase(
            service, self.service
        )


@dataclass(frozen=True, kw_only=True)
class RetentionPolicy:
    """Ordered rules (first match wins) and the period of everything else."""

    rules: tuple[RetentionRule, ...] = ()
    default_days: int = 0
    default_basis: str = ""

    def rule_for(self, event_type: str, service: str) -> RetentionRule:
        """The rule that decides the period of such a record."""
        for rule in self.rules:
            if rule.matches(event_type, service):
                return rule
        return RetentionRule(days=self.default_days, basis=self.default_basis or "default")

    @property
    def removes_anything(self) -> bool:
        """False when every period is 0 (keep everything)."""
        return self.default_days > 0 or any(rule.days > 0 for rule in self.rules)

    @property
    def shortest_days(self) -> int:
        """The shortest period that removes anything (0 when nothing is removed)."""
        periods = [r.days for r in self.rules if r.days > 0]
        if self.default_days > 0:
            periods.append(self.default_days)
        return min(periods, default=0)

    def validate(self) -> None:
        """Refuse a policy that removes AI-call or decision logs sooner than Art. 26(6) allows.

        Raises:
            RetentionPolicyError: naming the rule at fault.
        """
        for index, rule in enumerate(self.rules):
            if rule.days < 0:
                raise RetentionPolicyError(
                    ERR_RULE.format(index=index, detail="days must be 0 (keep) or positive")
                )
            governs_ai_calls = any(
                fnmatch.fnmatchcase(t, rule.event_type) for t in ART_26_6_EVENT_TYPES
            )
            if governs_ai_calls and 0 < rule.days < MIN_AI_LOG_DAYS:
                raise RetentionPolicyError(
                    ERR_TOO_SHORT.format(
                        event_type=rule.event_type, service=rule.service, days=rule.days,
                        minimum=MIN_AI_LOG_DAYS,
                    )
                )
        if 0 < self.default_days < MIN_AI_LOG_DAYS:
            for event_type in ART_26_6_EVENT_TYPES:
                covered = any(
                    r.service == "*" and fnmatch.fnmatchcase(event_type, r.event_type)
                    for r in self.rules
                )
                if not covered:
                    raise RetentionPolicyError(
                        ERR_TOO_SHORT.format(
                            event_type=f"{event_type} (default)", service="*",
                            days=self.default_days, minimum=MIN_AI_LOG_DAYS,
                        )
                    )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, fallback_days: int = 0) -> RetentionPolicy:
        """Build and validate a policy from the bundle's ``governance.retention`` document.

        Args:
            data: ``{"default_days": N, "rules": [{"event_type", "service", "days",
                "basis"}, ...]}``; empty means "keep everything" unless ``fallback_days``.
            fallback_days: the default when the document names none (``[audit]
                retention_days``).

        Raises:
            RetentionPolicyError: naming the rule at fault.
        """
        rules: list[RetentionRule] = []
        raw_rules = data.get("rules", [])
        if not isinstance(raw_rules, list):
            raise RetentionPolicyError("governance.retention.rules must be a list")
        for index, raw in enumerate(raw_rules):
            if not isinstance(raw, Mapping):
                raise RetentionPolicyError(ERR_RULE.format(index=index, detail="not an object"))
            unknown = set(raw) - {"event_type", "service", "days", "basis"}
            if unknown:
                raise RetentionPolicyError(
                    ERR_RULE.format(index=index, detail=f"unknown keys {sorted(unknown)}")
                )
            days = raw.get("days")
            if not isinstance(days, int) or isinstance(days, bool):
                raise RetentionPolicyError(
                    ERR_RULE.format(index=index, detail="days must be a whole number")
                )
            rules.append(
                RetentionRule(
                    event_type=str(raw.get("event_type", "*")),
                    service=str(raw.get("service", "*")),
                    days=days,
                    basis=str(raw.get("basis", "")),
                )
            )
        default = data.get("default_days", fallback_days)
        if not isinstance(default, int) or isinstance(default, bool) or default < 0:
            raise RetentionPolicyError("governance.retention.default_days must be 0 or positive")
        policy = cls(
            rules=tuple(rules), default_days=default,
            default_basis=str(data.get("default_basis", "")),
        )
        policy.validate()
        return policy


@dataclass(frozen=True, kw_only=True)
class LegalHold:
    """An order to keep every record naming a subject or a decision, whatever its period."""

    hold_id: str
    kind: HoldKind
    value: str
    reason: str
    placed_by: str
    placed_at: str
    released_at: str | None = None
    released_by: str | None = None

    @property
    def active(self) -> bool:
        return self.released_at is None


@dataclass(frozen=True, kw_only=True)
class RetentionCandidate:
    """A record that still holds content, as retention sees it."""

    seq: int
    occurred_at: str
    event_type: str
    service: str
    subject: str
    decision_id: str = ""


@dataclass(frozen=True, kw_only=True)
class RetentionGroup:
    """What the policy does to one (event type, service) pair."""

    event_type: str
    service: str
    days: int
    basis: str
    due: int  # past their period, content removed (or to be removed)
    held: int  # past their period but under a legal hold


@dataclass(frozen=True, kw_only=True)
class RetentionPlan:
    """The outcome of a retention run (or of a dry run: nothing changed)."""

    now: str
    dry_run: bool
    removed: int
    held: int
    groups: tuple[RetentionGroup, ...]
    holds: tuple[LegalHold, ...]
    due_seqs: tuple[int, ...] = ()
    # Subject keys destroyed because no stored ciphertext needs them any more.
    keys_destroyed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "now": self.now,
            "dry_run": self.dry_run,
            "removed" if not self.dry_run else "would_remove": self.removed,
            "keys_destroyed": self.keys_destroyed,
            "held": self.held,
            "groups": [g.__dict__ for g in self.groups],
            "active_holds": [
                {"hold_id": h.hold_id, "kind": h.kind, "placed_at": h.placed_at}
                for h in self.holds
            ],
        }


async def holds_covering_subject(store: AuditReader, subject: str) -> tuple[LegalHold, ...]:
    """The active holds that keep a subject's records: on the subject, or on a decision
    whose records name the subject."""
    from audit_log.types import AuditQuery

    active = [h for h in await store.legal_holds() if h.active]
    covering = [h for h in active if h.kind == "subject" and h.value == subject]
    decisions = {h.value: h for h in active if h.kind == "decision"}
    if decisions:
        async for record in store.iter_records(AuditQuery(subject=subject, limit=500)):
            decision_id = record.event.payload.get("decision_id")
            if isinstance(decision_id, str) and decision_id in decisions:
                covering.append(decisions.pop(decision_id))
                if not decisions:
                    break
    return tuple(covering)


def decision_id_of(payload: str | None) -> str:
    """The ``decision_id`` a record's payload names, or ""."""
    if not payload or '"decision_id"' not in payload:
        return ""
    try:
        value = json.loads(payload).get("decision_id", "")
    except (ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


def plan_batch(
    candidates: Iterable[RetentionCandidate],
    policy: RetentionPolicy,
    holds: Sequence[LegalHold],
    now: datetime,
) -> tuple[list[int], Counter[tuple[str, str, int, str]], Counter[tuple[str, str, int, str]]]:
    """Split candidates into due and held ones.

    Returns:
        (seqs to clear, due counts and held counts per (event type, service, days, basis)).
    """
    held_subjects = {h.value for h in holds if h.active and h.kind == "subject"}
    held_decisions = {h.value for h in holds if h.active and h.kind == "decision"}
    due: list[int] = []
    due_counts: Counter[tuple[str, str, int, str]] = Counter()
    held_counts: Counter[tuple[str, str, int, str]] = Counter()
    cutoffs: dict[int, str] = {}
    for candidate in candidates:
        rule = policy.rule_for(candidate.event_type, candidate.service)
        if rule.days <= 0:
            continue
        cutoff = cutoffs.get(rule.days)
        if cutoff is None:
            cutoff = cutoffs[rule.days] = _timestamp(now - timedelta(days=rule.days))
        if candidate.occurred_at >= cutoff:
            continue
        key = (candidate.event_type, candidate.service, rule.days, rule.basis)
        if (candidate.subject and candidate.subject in held_subjects) or (
            candidate.decision_id and candidate.decision_id in held_decisions
        ):
            held_counts[key] += 1
            continue
        due.append(candidate.seq)
        due_counts[key] += 1
    return due, due_counts, held_counts


async def run_retention(
    store: AuditStore, policy: RetentionPolicy, *, now: datetime, dry_run: bool,
    batch: int = 1000,
) -> RetentionPlan:
    """Apply (or with ``dry_run`` only plan) the policy over the whole store.

    Records are read in ``seq`` order in batches; only records older than the shortest period
    are read at all. Idempotent: a second run at the same ``now`` removes nothing more.
    """
    holds = tuple(h for h in await store.legal_holds() if h.active)
    due_total: Counter[tuple[str, str, int, str]] = Counter()
    held_total: Counter[tuple[str, str, int, str]] = Counter()
    removed = 0
    all_due: list[int] = []
    if policy.removes_anything:
        older_than = now - timedelta(days=policy.shortest_days)
        after = 0
        while True:
            candidates = await store.retention_candidates(
                older_than=older_than, after_seq=after, limit=batch
            )
            if not candidates:
                break
            after = candidates[-1].seq
            due, due_counts, held_counts = plan_batch(candidates, policy, holds, now)
            due_total.update(due_counts)
            held_total.update(held_counts)
            if dry_run:
                all_due.extend(due)
                removed += len(due)
            elif due:
                removed += await store.remove_payloads(due)
    keys_destroyed = 0
    if removed and not dry_run:
        keys_destroyed = await store.destroy_spent_keys()
    keys = sorted(set(due_total) | set(held_total))
    groups = tuple(
        RetentionGroup(
            event_type=k[0], service=k[1], days=k[2], basis=k[3],
            due=due_total[k], held=held_total[k],
        )
        for k in keys
    )
    return RetentionPlan(
        now=_timestamp(now), dry_run=dry_run, removed=removed, keys_destroyed=keys_destroyed,
        held=sum(held_total.values()), groups=groups, holds=holds, due_seqs=tuple(all_due),
    )


def _timestamp(moment: datetime) -> str:
    from audit_log.stores.rows import utc_timestamp

    return utc_timestamp(moment)

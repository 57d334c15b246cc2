"""The ``[reviews]`` configuration table: review deadlines, four-eyes and legal remedies.

::

    [reviews]
    deadline_days = 14          # a review is due this many days after it was required/asked
    four_eyes = false           # a second, different caseworker must confirm the outcome

    [reviews.remedy]            # Rechtsbehelfsbelehrung (§ 37 Abs. 6 VwVfG / § 36 SGB X)
    kind = "widerspruch"
    period_months = 1
    body = "Stadt Musterstadt, Wohngeldstelle"
    address = "Musterstraße 1, 12345 Musterstadt"

    [reviews.services.jobcenter-app]   # per calling service; unset keys fall back
    deadline_days = 7
    four_eyes = true
    remedy = { kind = "widerspruch", legal_basis = "sgb_x", body = "…", address = "…" }
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

import msgspec

from explain.remedy import LegalRemedy

Days = Annotated[int, msgspec.Meta(ge=1, le=365)]


class ServiceReviewSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Overrides for one calling service (None: the ``[reviews]`` default)."""

    deadline_days: Days | None = None
    four_eyes: bool | None = None
    remedy: LegalRemedy | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewRules:
    """The resolved rules for one service."""

    deadline: timedelta
    four_eyes: bool
    remedy: LegalRemedy


class ReviewSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Defaults for every service plus per-service overrides (see the module docstring)."""

    deadline_days: Days = 14
    four_eyes: bool = False
    remedy: LegalRemedy = msgspec.field(default_factory=LegalRemedy)
    services: dict[str, ServiceReviewSettings] = msgspec.field(default_factory=dict)

    def for_service(self, service: str) -> ReviewRules:
        """The rules for decisions made by ``service``."""
        own = self.services.get(service, ServiceReviewSettings())
        return ReviewRules(
            deadline=timedelta(days=own.deadline_days or self.deadline_days),
            four_eyes=self.four_eyes if own.four_eyes is None else own.four_eyes,
            remedy=own.remedy or self.remedy,
        )

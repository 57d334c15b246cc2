"""The deployer's records: documents a public authority must keep when it deploys AI.

The gateway already holds the facts (services, purposes, data categories, models and their
hosting, decisions, bias audits, retention); this package turns them into documents:

- :func:`build_ropa`: record of processing activities, GDPR Art. 30(1);
- :func:`build_fria`: draft fundamental-rights impact assessment, AI Act Art. 27(1)(a)-(f);
- :func:`build_registration`: EU database data of a public-authority deployer, AI Act
  Art. 49(3) with Annex VIII Section C, and :func:`build_algorithm_register` for a public
  algorithm register (the Dutch ``algoritmeregister`` publication standard 1.0 attribute
  names).

Everything here is pure: the gateway gathers :class:`Facts` and passes them in, so the package
imports no other domain package. A field the facts do not answer is marked
``to_be_completed`` with the configuration key that would answer it, never invented.

Error hierarchy::

    RecordsError
    └── UnknownModelError   the model has no automated-decision policy or spec
"""

from records.errors import RecordsError, UnknownModelError
from records.fria import build_fria
from records.registration import build_algorithm_register, build_registration
from records.render import render_markdown, render_pdf
from records.ropa import build_ropa
from records.types import (
    ControllerInfo,
    DecisionVolume,
    Facts,
    FairnessFacts,
    GroupFinding,
    MeasuresFacts,
    ModelFacts,
    ModelRecordSettings,
    OversightFacts,
    RetentionFact,
    ServiceFacts,
    ServiceModelFact,
)

__all__ = [
    "ControllerInfo",
    "DecisionVolume",
    "Facts",
    "FairnessFacts",
    "GroupFinding",
    "MeasuresFacts",
    "ModelFacts",
    "ModelRecordSettings",
    "OversightFacts",
    "RecordsError",
    "RetentionFact",
    "ServiceFacts",
    "ServiceModelFact",
    "UnknownModelError",
    "build_algorithm_register",
    "build_fria",
    "build_registration",
    "build_ropa",
    "render_markdown",
    "render_pdf",
]

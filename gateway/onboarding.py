"""What a newcomer needs to know about the policy bundle: which services it knows.

``leitplanke services list`` prints the services, their models and purposes; ``keys create``
warns when a new ai-service key names a service the bundle does not know (its calls would be
refused with 403 ``service_unknown``) and prints the entry to add.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from policies.loader import load_bundle, resolve_bundle_dir

SERVICES_KEY = "governance.services"


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceEntry:
    """One service of the bundle: models it may use, each with its allowed purposes."""

    name: str
    description: str
    purposes_by_model: Mapping[str, tuple[str, ...]]


def bundle_services(bundle_dir: str = "") -> list[ServiceEntry]:
    """The services in the bundle's ``data.json`` (``governance.services``), sorted by name."""
    data: Mapping[str, Any] = load_bundle(bundle_dir).data
    services = data.get("governance", {}).get("services", {})
    return [
        ServiceEntry(
            name=name,
            description=str(entry.get("description", "")),
            purposes_by_model={
                model: tuple(grant.get("purposes", ()))
                for model, grant in sorted(entry.get("models", {}).items())
            },
        )
        for name, entry in sorted(services.items())
    ]


def format_services(services: list[ServiceEntry]) -> str:
    lines = []
    for service in services:
        lines.append(
            f"{service.name}: {service.description}" if service.description else service.name
        )
        for model, purposes in service.purposes_by_model.items():
            lines.append(f"  {model}: {', '.join(purposes) or '(no purpose)'}")
    return "\n".join(lines) if lines else "the policy bundle lists no services"


def unknown_service_warning(name: str, bundle_dir: str = "") -> str | None:
    """The warning for a new ai-service key whose service the bundle does not know, else None."""
    services = bundle_services(bundle_dir)
    if any(service.name == name for service in services):
        return None
    model = next((m for s in services for m in s.purposes_by_model), "demo-model")
    entry = {
        name: {
            "description": "what this service does",
            "models": {model: {"purposes": ["<purpose>"]}},
            "data_categories": ["*"],
            "special_categories": [],
            "restore_pii_purposes": [],
        }
    }
    data_file = resolve_bundle_dir(bundle_dir) / "data.json"
    snippet = json.dumps(entry, indent=2)[1:-1].strip("\n")
    return (
        f"warning: the policy bundle does not know the service {name!r}: its calls are refused "
        f"with 403 service_unknown until you add it to {SERVICES_KEY} in {data_file}, e.g.\n"
        f"{snippet}\n"
        "then run `leitplanke policy test` and reload the policy (`leitplanke policy reload`, "
        "SIGHUP, or restart); `leitplanke services list` shows the known services."
    )

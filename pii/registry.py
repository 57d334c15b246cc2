"""Which recognizers run: Presidio's predefined ones (German set enabled) plus our own.

Every recognizer runs for every configured language: an English message to a German
authority still carries German IBANs, phone numbers and tax ids, and the person cues of
both languages are cheap.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from pii.analyzer import CachingRecognizerRegistry
from pii.lexicon import load_lexicon
from pii.recognizers.address import AddressRecognizer
from pii.recognizers.bic import BicRecognizer
from pii.recognizers.capitals_payees import CapitalsPayeeRecognizer
from pii.recognizers.case_numbers import CaseNumberRecognizer
from pii.recognizers.ch_ahv import ChAhvRecognizer
from pii.recognizers.credit_card import CreditCardRecognizer
from pii.recognizers.date import DateRecognizer
from pii.recognizers.double_barrelled import DoubleBarrelledNameRecognizer
from pii.recognizers.email import EmailRecognizer
from pii.recognizers.grouped_document import GroupedDocumentNumberRecognizer
from pii.recognizers.health_insurance import HealthInsuranceRecognizer
from pii.recognizers.iban import IbanRecognizer
from pii.recognizers.id_card import IdCardRecognizer
from pii.recognizers.ip import IpRecognizer
from pii.recognizers.kfz import KfzRecognizer
from pii.recognizers.location import LocationRecognizer
from pii.recognizers.name_detector_guard import GuardedNameDetector
from pii.recognizers.national_ids import NationalIdRecognizer
from pii.recognizers.nicknames import NicknameRecognizer
from pii.recognizers.other_script_names import OtherScriptNameRecognizer
from pii.recognizers.passport import PassportRecognizer
from pii.recognizers.path_name import PathNameRecognizer
from pii.recognizers.person import PersonRecognizer
from pii.recognizers.phone import PhoneRecognizer
from pii.recognizers.record_numbers import RecordNumberRecognizer
from pii.recognizers.role_apposition import RoleAppositionRecognizer
from pii.recognizers.social_security import SocialSecurityRecognizer
from pii.recognizers.spelled_name import SpelledNameRecognizer
from pii.recognizers.structured import StructuredKeyRecognizer
from pii.recognizers.tax_id import TaxIdRecognizer
from pii.recognizers.tax_numbers import AccountNumberRecognizer
from pii.recognizers.uk_nino import UkNinoRecognizer
from pii.types import PiiConfig


def build_recognizers(config: PiiConfig, language: str) -> list[EntityRecognizer]:
    """Returns the recognizers for one language."""
    lexicon = load_lexicon()
    recognizers: list[EntityRecognizer] = [
        EmailRecognizer(supported_language=language),
        IbanRecognizer(supported_language=language),
        CreditCardRecognizer(supported_language=language),
        IpRecognizer(supported_language=language),
        PhoneRecognizer(supported_language=language, regions=config.phone_regions),
        TaxIdRecognizer(supported_language=language),
        SocialSecurityRecognizer(supported_language=language),
        IdCardRecognizer(supported_language=language),
        PassportRecognizer(supported_language=language),
        GroupedDocumentNumberRecognizer(supported_language=language),
        HealthInsuranceRecognizer(supported_language=language),
        UkNinoRecognizer(supported_language=language),
        ChAhvRecognizer(supported_language=language),
        NationalIdRecognizer(supported_language=language),
        RecordNumberRecognizer(supported_language=language),
        CaseNumberRecognizer(supported_language=language),
        AccountNumberRecognizer(supported_language=language),
        KfzRecognizer(supported_language=language),
        BicRecognizer(supported_language=language),
        DateRecognizer(supported_language=language),
        AddressRecognizer(supported_language=language, lexicon=lexicon),
        LocationRecognizer(supported_language=language, lexicon=lexicon),
        PersonRecognizer(supported_language=language, lexicon=lexicon),
        PathNameRecognizer(supported_language=language, lexicon=lexicon),
        SpelledNameRecognizer(supported_language=language),
        NicknameRecognizer(supported_language=language, lexicon=lexicon),
        OtherScriptNameRecognizer(supported_language=language),
        CapitalsPayeeRecognizer(supported_language=language, lexicon=lexicon),
        DoubleBarrelledNameRecognizer(supported_language=language, lexicon=lexicon),
        RoleAppositionRecognizer(supported_language=language, lexicon=lexicon),
        StructuredKeyRecognizer(supported_language=language),
    ]
    if config.name_detector:
        recognizers.append(GuardedNameDetector(supported_language=language))
    if config.spacy_ner_model and language == "de":
        recognizers.append(
            SpacyRecognizer(supported_language=language, supported_entities=["PERSON", "LOCATION"])
        )
    return recognizers


def build_registry(config: PiiConfig) -> CachingRecognizerRegistry:
    """Builds the registry for every configured language."""
    registry = CachingRecognizerRegistry(supported_languages=list(config.languages))
    for language in config.languages:
        for recognizer in build_recognizers(config, language):
            registry.add_recognizer(recognizer)
    return registry

"""Texts in Swedish and English, and history for every model (see governance.translation)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from partners.models import (
    Agreement,
    AgreementDocument,
    Chain,
    ContactAbroad,
    NordicMeeting,
    PeerMunicipality,
    Place,
    PlacePicture,
    Relationship,
    StatusChange,
    Visit,
    VisitParticipant,
)


@register(Place)
class PlaceTranslation(TranslationOptions):
    fields = ("public_text",)


@register(Relationship)
class RelationshipTranslation(TranslationOptions):
    fields = ("start_note", "theme", "public_text")


@register(StatusChange)
class StatusChangeTranslation(TranslationOptions):
    fields = ("reason",)


@register(Chain)
class ChainTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title", "theme")


@register(PlacePicture)
class PlacePictureTranslation(TranslationOptions):
    fields = ("alt", "caption")


for model in (
    PlacePicture,
    Agreement,
    AgreementDocument,
    Chain,
    ContactAbroad,
    NordicMeeting,
    PeerMunicipality,
    Place,
    Relationship,
    StatusChange,
    Visit,
    VisitParticipant,
):
    track_history(model)

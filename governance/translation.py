"""Texts kept in Swedish and English (django-modeltranslation), and their history.

History is registered here, after the translation fields exist, so that the historical
tables record every language (django-simple-history's documented way with modeltranslation).
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from governance.models import (
    Body,
    Decision,
    DecisionCorrection,
    Meeting,
    Membership,
    Person,
    PublicContact,
)


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name",)


@register(Decision)
class DecisionTranslation(TranslationOptions):
    fields = ("title",)


@register(PublicContact)
class PublicContactTranslation(TranslationOptions):
    fields = ("function",)


for model in (Body, Decision, DecisionCorrection, Meeting, Membership, Person, PublicContact):
    track_history(model)

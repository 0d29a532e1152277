"""Texts in Swedish and English, and history for every model (see governance.translation)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from strategy.models import Objective, Revision, Strategy


@register(Strategy)
class StrategyTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Objective)
class ObjectiveTranslation(TranslationOptions):
    fields = ("text", "short_name")


@register(Revision)
class RevisionTranslation(TranslationOptions):
    fields = ("summary",)


for model in (Objective, Revision, Strategy):
    track_history(model)

"""Admin for the strategy, its objectives (S16) and its revisions (S21)."""

from django.contrib import admin

from governance.admin import PublicRecordMixin, TranslatedRecordAdmin, TranslatedRecordInline
from governance.uploads import DownloadAdminMixin
from strategy.models import Objective, Revision, Strategy


class ObjectiveInline(TranslatedRecordInline):
    model = Objective
    fields = ("number", "short_name", "text")
    ordering = ("number",)


class RevisionInline(TranslatedRecordInline):
    model = Revision
    fields = ("decision", "summary")
    autocomplete_fields = ("decision",)
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(DownloadAdminMixin, PublicRecordMixin, TranslatedRecordAdmin):
    """The strategy; its document opens through the coordinator's protected download."""

    list_display = ("title", "adopted_by", "replaced_by")
    list_select_related = ("adopted_by__body", "replaced_by")
    search_fields = ("title_sv", "title_en")
    autocomplete_fields = ("adopted_by", "replaced_by")

    def get_inlines(self, request, obj):
        # A revision is checked against the adoption, so the strategy is saved first (S21).
        return [ObjectiveInline, RevisionInline] if obj is not None else [ObjectiveInline]


@admin.register(Objective)
class ObjectiveAdmin(TranslatedRecordAdmin):
    list_display = ("number", "short_name", "strategy")
    list_filter = ("strategy",)
    list_select_related = ("strategy",)
    search_fields = ("short_name_sv", "text_sv", "text_en")
    autocomplete_fields = ("strategy",)
    ordering = ("strategy", "number")


@admin.register(Revision)
class RevisionAdmin(TranslatedRecordAdmin):
    list_display = ("__str__", "strategy", "decision")
    list_filter = ("strategy",)
    list_select_related = ("strategy", "decision__body")
    search_fields = ("summary_sv", "decision__case_number")
    autocomplete_fields = ("strategy", "decision")

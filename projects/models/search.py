"""The search document of a project: its public text in one row, kept by the domain (#14).

A project's words are spread over its own row, its places (and their countries), its school
and the objectives it serves. The public search reads them here, denormalised, instead of
joining four tables for every search. ``projects.search.refresh`` writes the row on every
change of any of them (``projects/signals.py``); ``manage.py rebuild_search`` writes them all.

The two weighted ``tsvector`` of the full-text search are not here but in a narrow row of
their own, ``SearchEntry`` (below, #14): at 100,000 projects the count and the ranking of a
search then read about a tenth of the pages the wide texts take. A misspelt search is
corrected against the published words (``SearchWord``, below). SQLite searches ``folded``.

It holds only what the public pages already show: never a participant, never internal notes.
It is derived data, not a record: no history, no admin, left out of backups (rebuilt).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project or exchange"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    # Weight A: the title; B: places, countries, school; C: summary and objectives.
    heading_sv = models.TextField(blank=True)
    heading_en = models.TextField(blank=True)
    names_sv = models.TextField(blank=True)
    names_en = models.TextField(blank=True)
    body_sv = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    # Every text above, accents folded, lower case, words separated by single spaces and the
    # whole framed by spaces: " skolutbyte med joniskis litauen ... ".
    folded = models.TextField(blank=True)
    # The title and the names (weights A and B) alone, folded in the same way (read by no
    # search since the words of ``SearchWord`` correct a misspelling, #15).
    folded_names = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        default_permissions = ()

    def __str__(self):
        return self.heading_sv


class SearchEntry(models.Model):
    """What the full-text search counts and ranks (#14): the project, a copy of its
    ``published`` and the two weighted vectors of its document, nothing else.

    ``projects.search.refresh`` writes it beside the document, from the same project row, on
    every change (so ``published`` follows publishing and withdrawing); a deleted project's
    entry goes with it. On PostgreSQL a trigger (migration ``projects.0020``) computes the
    vectors from the document's texts whenever the entry is written, and two GIN indexes of
    the published entries alone serve the search. SQLite keeps the entry without vectors.
    Derived data like the document: no history, no admin, left out of backups.
    """

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project or exchange"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    published = models.BooleanField(default=False)
    vector_sv = SearchVectorField(null=True, editable=False)
    vector_en = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        default_permissions = ()

    def __str__(self):
        return str(self.project_id)


class SearchWord(models.Model):
    """A word of the published search documents and how many of them hold it (#14, #15).

    What a misspelt search is corrected against on PostgreSQL (``projects.search``): the
    distinct folded words of the published documents' texts, a few ten thousand rows behind a
    trigram index, instead of the trigrams of every document. ``projects.search.refresh``
    keeps ``documents`` in step in the change's transaction (a word counted once per
    published document; withdrawing or deleting work takes its words off), and
    ``manage.py rebuild_search`` counts them all again. A word whose count fell to 0 is
    never suggested (the partial index and the search ask ``documents > 0``): a word of
    unpublished work only never reaches a public page; ``manage.py purge_personal_data``
    (daily) deletes such rows, so that a name taken out of a text is not kept here either.
    A change of the counts holds the words' lock (``projects.search.WORDS_LOCK``) to the end
    of its transaction: one at a time, never a count moved twice, never a deadlock between
    two of them. SQLite leaves the table empty.
    Derived data like the documents: no history, no admin, left out of backups.
    """

    word = models.TextField(primary_key=True)
    documents = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        default_permissions = ()

    def __str__(self):
        return self.word

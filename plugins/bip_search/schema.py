"""The search index schema, declared once."""

from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import LemmaFrequency, number_analyzer, text_analyzer


def lemma_text(**options) -> TEXT:
    """A TEXT field of text_analyzer() without positions, counted by LemmaFrequency."""
    field = TEXT(analyzer=text_analyzer(), phrase=False, **options)
    field.format = LemmaFrequency(field_boost=field.format.field_boost)
    return field


def make_schema() -> Schema:
    """Fields of one indexed document (stored ones are shown in results)."""
    return Schema(
        url=ID(stored=True, unique=True, sortable=True),
        title=lemma_text(stored=True, field_boost=3.0),
        number=TEXT(analyzer=number_analyzer(), stored=True, field_boost=5.0),
        # Everything a resident may search in, as one field: one posting list
        # per term keeps queries fast (four fields made four lists per term).
        text=lemma_text(),  # no phrase search: no positions
        body=STORED(),
        category=ID(stored=True),
        categories=KEYWORD(commas=True),
        category_name=STORED(),
        publisher=ID(stored=True),
        kind=ID(stored=True),
        date=DATETIME(stored=True, sortable=True),
        year=NUMERIC(stored=True),
        archived=BOOLEAN(stored=True),
    )

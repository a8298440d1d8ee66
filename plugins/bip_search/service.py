"""The search service: a WSGI application for /szukaj and /szukaj.json.

Run it under any WSGI server (waitress in production, behind nginx). It never
writes: it opens the index read-only and follows the `current` link to each
newly built index. Every answer carries a charset, nosniff and a CSP that
allows only the site itself.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from .searcher import Answer, Limits, Request, SearchIndex, clean_request

logger = logging.getLogger(__name__)

RESULTS_MARK = "<!--BIP-SEARCH-RESULTS-->"
QUERY_MARK = "__BIP_SEARCH_QUERY__"
TITLE_MARK = "__BIP_SEARCH_TITLE__"
SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'",
    ),
    ("Referrer-Policy", "same-origin"),
]
FILTERS = (
    ("kategoria", "Kategoria", "kategoria"),
    ("podmiot", "Podmiot", "podmiot"),
    ("rodzaj", "Rodzaj dokumentu", "rodzaj"),
    ("rok", "Rok", "rok"),
)

# The search form sends 7 parameters and a 300-character query needs at most
# ~2 700 bytes percent-encoded; anything beyond these is ignored unread.
MAX_PARAMS = 20
MAX_QUERY_STRING = 8192  # bytes of the query string that are read

StartResponse = Callable[[str, list[tuple[str, str]]], object]


def query_params(environ: dict) -> dict[str, str]:
    """GET parameters, decoded as UTF-8 (bad bytes become U+FFFD, not errors).

    Only the first MAX_QUERY_STRING bytes and MAX_PARAMS parameters are read;
    of a repeated parameter the first counts.

    >>> query_params({"QUERY_STRING": "q=a&" * 100 + "strona=2"})
    {'q': 'a'}
    """
    raw = environ.get("QUERY_STRING", "")[:MAX_QUERY_STRING]
    text = raw.encode("latin-1", "replace").decode("utf-8", "replace")
    fields = "&".join(text.split("&", MAX_PARAMS)[:MAX_PARAMS])
    params: dict[str, str] = {}
    for key, value in parse_qsl(fields, keep_blank_values=True):
        params.setdefault(key, value)
    return params


class SearchApp:
    """WSGI callable serving the HTML and JSON search."""

    def __init__(self, index_root: Path, limits: Limits | None = None) -> None:
        self.index = SearchIndex(index_root, limits)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        """Answer GET; HEAD gets the same status and headers and no body."""
        body = self.answer(environ, start_response)
        return without_body(environ, body)

    def answer(self, environ: dict, start_response: StartResponse) -> list[bytes]:
        """Route /szukaj and /szukaj.json; anything else is 404."""
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD", "GET") not in {"GET", "HEAD"}:
            return _respond(
                start_response,
                "405 Method Not Allowed",
                "text/plain",
                b"Tylko GET.",
                [("Allow", "GET, HEAD")],
            )
        if path not in {"/szukaj", "/szukaj/", "/szukaj.json"}:
            return _respond(
                start_response, "404 Not Found", "text/plain", b"Nie znaleziono."
            )
        request = clean_request(query_params(environ))
        try:
            answer = self.index.search(request)
        except Exception:  # keep residents on a page, log the cause for IT
            logger.exception("bip_search: search failed for %r", request.q)
            return _respond(
                start_response,
                "503 Service Unavailable",
                "text/plain",
                "Wyszukiwarka jest chwilowo niedostępna.".encode(),
            )
        if path.endswith(".json"):
            body = json.dumps(answer.as_json(), ensure_ascii=False).encode()
            return _respond(start_response, "200 OK", "application/json", body)
        return _respond(
            start_response, "200 OK", "text/html", self.page(request, answer).encode()
        )

    def page(self, request: Request, answer: Answer) -> str:
        """The results page: the site's shell with the results inside."""
        title = f"Wyniki wyszukiwania: {request.q}" if request.q else "Wyszukiwarka"
        shell = self.index.shell.replace(TITLE_MARK, escape(title))
        shell = shell.replace(QUERY_MARK, escape(request.q, quote=True))
        return shell.replace(
            RESULTS_MARK, render_results(request, answer, self.index.facets)
        )


def without_body(environ: dict, body: list[bytes]) -> list[bytes]:
    """The body for GET, nothing for HEAD (whose headers still describe GET's).

    Waitress sends whatever the application returns, even to HEAD.
    """
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else body


def _respond(
    start_response: StartResponse,
    status: str,
    kind: str,
    body: bytes,
    extra: list[tuple[str, str]] | None = None,
) -> list[bytes]:
    headers = [
        ("Content-Type", f"{kind}; charset=utf-8"),
        ("Content-Length", str(len(body))),
        *SECURITY_HEADERS,
        *(extra or []),
    ]
    start_response(status, headers)
    return [body]


def render_results(request: Request, answer: Answer, facets: dict) -> str:
    """HTML of the results part of the page (every value escaped)."""
    parts = ['<h1 class="bip-title">Wyniki wyszukiwania</h1>']
    parts += [f'<p class="bip-notice">{escape(n)}</p>' for n in request.notes]
    parts.append(_filter_form(request, facets))
    if not request.q:
        parts.append(
            '<p class="bip-lead">Wpisz szukane słowa w pole „Szukaj w BIP”.</p>'
        )
    parts.append(_summary(request, answer))
    if answer.results:
        parts.append('<ol class="bip-results">')
        parts += [_hit(hit) for hit in answer.results]
        parts.append("</ol>")
        parts.append(_pager(request, answer))
    return "\n".join(parts)


def _summary(request: Request, answer: Answer) -> str:
    count = (
        f'<p class="bip-results__count" role="status">Znaleziono: {answer.total}</p>'
    )
    if answer.suggestion:
        count = (
            '<p class="bip-results__count" role="status">Pokazujemy wyniki dla '
            f"poprawionej pisowni: <strong>{escape(answer.suggestion)}</strong> "
            f"({answer.total}). Wpisano: „{escape(request.q)}”.</p>"
        )
    if answer.expanded and answer.total:
        count += (
            '<p class="bip-notice">Wyniki obejmują także: '
            + ", ".join(f"„{escape(term)}”" for term in answer.expanded)
            + ".</p>"
        )
    if answer.total or not request.q:
        return count
    return (
        '<p class="bip-results__count" role="status">Brak wyników</p>'
        '<ul class="bip-tips"><li>Sprawdź pisownię lub użyj mniej słów.</li>'
        "<li>Usuń filtry albo szukaj także w archiwum.</li>"
        '<li>Przejrzyj <a href="/mapa-strony/">mapę strony</a>.</li></ul>'
    )


def _hit(hit: dict) -> str:
    meta = [
        escape(hit["category"]),
        f'<time datetime="{hit["date"]}">{hit["date"]}</time>',
    ]
    if hit["number"]:
        meta.insert(0, "nr " + escape(hit["number"]))
    if hit["archived"]:
        meta.append("archiwum")
    return (
        f'<li class="bip-results__item"><a class="bip-results__link" '
        f'href="/{escape(hit["url"])}">{escape(hit["title"])}</a>'
        f'<p class="bip-results__snippet">{hit["snippet"]}</p>'
        f"{_missing(hit['missing'])}"
        f'<p class="bip-results__meta">{" · ".join(meta)}</p></li>'
    )


def _missing(words: list[str]) -> str:
    """The query's words a partial match lacks, under the result."""
    if not words:
        return ""
    listed = ", ".join(f"„{escape(word)}”" for word in words)
    return f'<p class="bip-results__missing">W dokumencie nie ma: {listed}.</p>'


def _filter_form(request: Request, facets: dict) -> str:
    fields = [f'<input type="hidden" name="q" value="{escape(request.q, quote=True)}">']
    for name, label, key in FILTERS:
        chosen = str(getattr(request, name) or "")
        options = ['<option value="">— wszystkie —</option>']
        for value, text in facets.get(key, []):
            selected = " selected" if str(value) == chosen else ""
            options.append(
                f'<option value="{escape(str(value), quote=True)}"{selected}>'
                f"{escape(str(text))}</option>"
            )
        fields.append(
            f'<div class="bip-filters__field"><label for="f-{name}">{label}</label>'
            f'<select id="f-{name}" name="{name}">{"".join(options)}</select></div>'
        )
    archive = {"": "bez archiwum", "tak": "tylko archiwum", "wszystkie": "wszystkie"}
    choices = "".join(
        f'<option value="{value}"{" selected" if value == request.archiwum else ""}>'
        f"{text}</option>"
        for value, text in archive.items()
    )
    fields.append(
        f'<div class="bip-filters__field"><label for="f-archiwum">Archiwum</label>'
        f'<select id="f-archiwum" name="archiwum">{choices}</select></div>'
    )
    return (
        '<form class="bip-filters" method="get" action="/szukaj" aria-label="Filtry">'
        + "".join(fields)
        + '<button type="submit">Filtruj</button></form>'
    )


def _pager(request: Request, answer: Answer) -> str:
    if answer.pages <= 1:
        return ""
    links = []
    if answer.page > 1:
        links.append(
            f'<li><a rel="prev" href="{_url(request, strona=answer.page - 1)}">'
            "Poprzednia strona</a></li>"
        )
    links.append(f"<li>Strona {answer.page} z {answer.pages}</li>")
    if answer.page < answer.pages:
        links.append(
            f'<li><a rel="next" href="{_url(request, strona=answer.page + 1)}">'
            "Następna strona</a></li>"
        )
    return (
        '<nav class="bip-pagination" aria-label="Strony wyników"><ul '
        'class="bip-pagination__list">' + "".join(links) + "</ul></nav>"
    )


def _url(request: Request, **changes: object) -> str:
    params: dict[str, object] = {
        "q": request.q,
        "kategoria": request.kategoria,
        "podmiot": request.podmiot,
        "rodzaj": request.rodzaj,
        "rok": request.rok or "",
        "archiwum": request.archiwum,
        "strona": request.strona,
    }
    params.update(changes)
    return escape(
        "/szukaj?" + urlencode({k: v for k, v in params.items() if v}), quote=True
    )

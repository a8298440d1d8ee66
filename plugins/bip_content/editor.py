"""The web editor (Decap CMS): its form made from the schema, and its folder.

A clerk who never opens a terminal fills a form; the editor commits the same
plain file `make new` would write. The form is never written by hand: each
dział of bip.yaml is a collection, each key of FIELDS a field with its label,
help text and required flag (docs/dla-redaktorow.md shows the same), and
podmioty, the menu and rodzaje are select lists. `write` puts the page, the
configuration (config.js), the glue script (theme/editor/) and Decap's own
bundle from node_modules into OUTPUT/edytor/, one path nginx can restrict.

The build writes the editor when bip.yaml has an `edytor` section, with the
backend (GitLab, GitHub or Gitea) it names (docs/edytor.md); `make edytor`
(tools/edytor.py) writes it for decap-server on this machine.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from . import check, fields, sitedata
from .addresses import EDITOR
from .fields import (
    ATTACHMENT_KEYS,
    FIELDS,
    PERSON_KEYS,
    RESTRICTION_KEYS,
    Field,
    Parser,
)
from .messages import MESSAGES, say

ROOT = Path(__file__).resolve().parents[2]
GLUE = ROOT / "theme" / "editor"
BUNDLE = ROOT / "node_modules" / "decap-cms" / "dist"
GITHUB_API = "https://api.github.com"
FOLDER = EDITOR  # the editor's path in the site; deploy/nginx restricts it
REVIEWED = ("gitlab", "github")  # servers with Decap's editorial workflow
# The key the glue script adds for a new document's file name (today's date
# and scaffold.slug of the title) and removes again before the file reaches
# the repository.
NAME_KEY = "nazwa"
DATE = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
DATE_TIME = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])( ([01]\d|2[0-3]):[0-5]\d)?$"
# A form field that is not a key of the document: the reason for a change,
# which the glue script puts into the commit as a `Powód:` trailer (the
# reason bip_history shows in the document's history).
REASON_KEY = "powod_zmiany"
REASON = {
    "name": REASON_KEY,
    "label": "Powód zmiany",
    "hint": "Widoczny w historii zmian dokumentu w BIP, np. „korekta terminu "
    "składania wniosków”. Przy nowym dokumencie możesz go pominąć.",
    "required": False,
    "widget": "string",
}
# Commit messages in Polish: their subjects are the reasons residents read
# in the history when no reason is given.
COMMIT_MESSAGES = {
    "create": "Nowy dokument {{slug}}",
    "update": "Zmiana dokumentu {{slug}}",
    "delete": "Usunięcie dokumentu {{slug}}",
    "uploadMedia": "Nowy załącznik {{path}}",
    "deleteMedia": "Usunięcie załącznika {{path}}",
    "openAuthoring": "{{message}}",
}
BODY_LABEL = "Treść dokumentu"
BODY_HINT = (
    # Decap shows hints as Markdown: the stars are escaped to be seen.
    "Tekst dokumentu. Akapity oddziel pustą linią; śródtytuł zacznij od ## , "
    "pogrubienie ujmij w podwójne gwiazdki: \\*\\*tekst\\*\\*. Tekst wklejony "
    "z Worda lub PDF zostaje taki, jak jest (numeracja, listy, wcięcia); "
    "podgląd obok pokazuje stronę. Więcej: przewodnik redaktora, „Jak pisać "
    "treść”."
)


def backend(section: dict) -> dict:
    """Decap's backend for bip.yaml's `edytor` section (docs/edytor.md).

    GitLab and Gitea sign in with PKCE (an OAuth application of the server,
    no secret in the browser); GitHub through the office's OAuth server.
    """
    server, address = section["serwer"], str(section.get("adres") or "")
    result = {
        "name": f"bip-{server}",
        "repo": section["repozytorium"],
        "branch": str(section.get("galaz") or "main"),
    }
    if server == "github":
        return result | {"base_url": address}
    if server == "gitlab":
        address, api = address or "https://gitlab.com", "/api/v4"
    else:  # gitea: `adres` is required (sitedata.EDITOR_KEYS)
        api = "/api/v1"
    return result | {
        "auth_type": "pkce",
        "app_id": str(section["aplikacja"]),
        "base_url": address,
        "api_root": address + api,
    }


def reviewed(section: dict) -> bool:
    """Whether saving opens a merge request (Decap's editorial workflow).

    On by default where Decap has it (GitLab, GitHub); `przeglad: false`
    commits straight to the branch.
    """
    return section.get("serwer") in REVIEWED and section.get("przeglad", True) is True


def config(
    site: sitedata.SiteData, backend: dict, root: str = "content", review: bool = False
) -> dict:
    """Decap's configuration: one collection per dział of bip.yaml."""
    return {
        "backend": backend | {"commit_messages": COMMIT_MESSAGES},
        "publish_mode": "editorial_workflow" if review else "simple",
        "locale": "pl",
        "site_url": "/",
        "display_url": "/",
        # "Zobacz na żywo" would open the home page: a document's address
        # drops its file's date, which Decap's preview_path cannot do.
        "show_preview_links": False,
        # Required by Decap; each document keeps attachments in its own folder.
        "media_folder": root or ".",
        "public_folder": "",
        "slug": {
            "encoding": "ascii",
            "clean_accents": True,
            "sanitize_replacement": "-",
        },
        "collections": [
            collection(slug, name, site, root)
            for slug, name in site.departments.items()
        ],
    }


def collection(slug: str, name: str, site: sitedata.SiteData, root: str) -> dict:
    """One dział: its documents are content/<dział>/<rrrr-mm-dd>-<nazwa>.md."""
    folder = f"{root}/{slug}" if root not in ("", ".") else slug
    return {
        "name": slug,
        "label": name,
        "label_singular": "dokument",
        "description": f"Dokumenty działu „{name}” (folder {folder}).",
        "folder": folder,
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "identifier_field": "tytul",
        "summary": "{{tytul}}",
        "sortable_fields": ["tytul", "data_wytworzenia"],
        # <rrrr-mm-dd>-<nazwa>: the glue writes both, the day in the clerk's
        # own time as make new does (Decap's {{year}}… are UTC).
        "slug": "{{fields." + NAME_KEY + "}}",
        # Decap names a folder only from the whole file name; the glue script
        # maps <rrrr-mm-dd>-<nazwa>/ to the document's folder <nazwa>/.
        "media_folder": "{{filename}}",
        "public_folder": "",
        "fields": [field(spec, site) for spec in FIELDS.values()]
        + [
            {
                "name": "body",
                "label": BODY_LABEL,
                "hint": BODY_HINT,
                "widget": "markdown",
                # Markdown only: Decap's rich-text mode rewrites the whole
                # body on any edit and changed 4 of 30 real texts of the
                # corpus (legal points renumbered, stray backslashes).
                "modes": ["raw"],
                "editor_components": [],
            },
            REASON,
        ],
    }


def field(spec: Field, site: sitedata.SiteData) -> dict:
    """A key of the schema as a form field: label, hint, required, widget."""
    result = {
        "name": spec.key,
        "label": spec.label,
        "hint": spec.doc,
        "required": spec.required,
    }
    return result | WIDGETS[spec.parse](spec, site)


def _subfields(keys: dict[str, str], *, required: bool = True) -> list[dict]:
    return [
        {
            "name": key,
            "label": meaning[0].upper() + meaning[1:],
            "widget": "string",
            "required": required,
        }
        for key, meaning in keys.items()
    ]


def _options(pairs: list[tuple[str, str]]) -> dict:
    return {
        "widget": "select",
        "options": [{"label": label, "value": value} for value, label in pairs],
    }


def _date(spec: Field, _site: sitedata.SiteData) -> dict:
    """A date as the clerk types it; the glue script checks it as make check."""
    return {
        "widget": "bip-data",
        "pattern": [DATE, say("not_date", value="").hint],
        "bip_komunikaty": {
            "no_such_date": say("no_such_date", value="{value}").message,
            "date_in_future": say(
                "date_in_future", key=spec.key, date="{value}"
            ).message
            if spec.key == "data_wytworzenia"
            else "",
        },
    }


def _category_label(site: sitedata.SiteData, slug: str) -> str:
    return " › ".join(item.name for item in site.trail(slug))


Widget = Callable[[Field, sitedata.SiteData], dict]
# Each parser of the schema as a form widget (a test checks that none is missing).
WIDGETS: dict[Parser, Widget] = {
    fields.text: lambda spec, site: {"widget": "string"},
    fields.text_list: lambda spec, site: {"widget": "list"},
    fields.date: _date,
    fields.copies: lambda spec, site: {
        "widget": "number",
        "value_type": "int",
        "min": 1,
    },
    fields.document_refs: lambda spec, site: {"widget": "list"},
    fields.date_or_datetime: lambda spec, site: {
        "widget": "string",
        "pattern": [DATE_TIME, MESSAGES["not_date"].hint + " lub 2026-03-16 09:30"],
    },
    fields.body: lambda spec, site: _options(
        [(key, str(body.get("nazwa", key))) for key, body in site.bodies.items()]
    ),
    fields.category: lambda spec, site: _options(
        [(slug, _category_label(site, slug)) for slug in site.categories]
    ),
    fields.kind: lambda spec, site: _options([(kind, kind) for kind in site.kinds]),
    fields.person: lambda spec, site: {
        "widget": "object",
        "fields": _subfields(PERSON_KEYS),
    },
    fields.attachments: lambda spec, site: {
        "widget": "list",
        "label_singular": "załącznik",
        "summary": "{{fields.opis}} ({{fields.plik}})",
        "fields": [
            {
                "name": "plik",
                "label": "Plik",
                "widget": "file",
                "choose_url": False,
                "required": True,
            },
            _subfields(ATTACHMENT_KEYS)[1],
        ],
    },
    fields.restriction: lambda spec, site: {
        "widget": "object",
        "collapsed": True,
        "fields": _subfields(RESTRICTION_KEYS, required=False),
    },
}


def _origin(address: str) -> str:
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}"


def policy(backend: dict) -> str:
    """The editor's Content-Security-Policy (deploy/nginx/bip-edytor.conf).

    The site's own policy with what Decap needs: 'unsafe-eval' (Decap checks
    its configuration with Ajv, which compiles code at run time; upstream
    decaporg/decap-cms#2138, open), styles made at run time ('unsafe-inline'
    styles; scripts stay 'self' only), pictures of uploads (blob:, data:) and
    requests to the repository's server (GitLab, GitHub's API, or
    decap-server on this machine). Only the editor's path gets it.
    """
    address = backend.get("proxy_url") or backend.get("api_root") or GITHUB_API
    servers = " ".join(dict.fromkeys([_origin(address), *_auth_origins(backend)]))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {servers}",
            f"connect-src 'self' blob: {servers}",
            "form-action 'self'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _auth_origins(backend: dict) -> list[str]:
    return [_origin(backend["base_url"])] if backend.get("base_url") else []


def write(output: Path, settings: dict, bundle: Path = BUNDLE) -> Path:
    """Write the editor into OUTPUT/edytor/ and return that folder."""
    target = output / FOLDER
    if not (bundle / "decap-cms.js").is_file():
        raise FileNotFoundError(
            f"brak {bundle / 'decap-cms.js'}: uruchom `npm ci` w katalogu projektu"
        )
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(GLUE, target)
    for path in bundle.iterdir():
        if path.name.endswith(("decap-cms.js", ".wasm", "decap-cms.js.LICENSE.txt")):
            shutil.copy2(path, target / path.name)
    text = json.dumps(settings, ensure_ascii=False, indent=1).replace("</", "<\\/")
    (target / "config.js").write_text(
        f"window.BIP_CONFIG = {text};\n", encoding="utf-8"
    )
    return target


def load_site(content: Path) -> sitedata.SiteData:
    """bip.yaml of CONTENT, or SystemExit with the reason in Polish."""
    site, problems = check.site_data(content)
    if site is None or any(p.is_error for p in problems):
        raise SystemExit("bip.yaml ma błędy: uruchom najpierw make check")
    return site

"""What a page may carry: no script but the theme's, no handlers, no foreign
navigation. Shared by the escaping tests of pages, feeds and search."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

# Every vector in one text, so that each input carries the whole set.
VECTORS = [
    "<script>alert('x1')</script>",
    '<img src=x onerror="alert(2)">',
    '"><svg onload=alert(3)>',
    "' onmouseover='alert(4)' x='",
    "javascript:alert(5)",
    "data:text/html,<script>alert(6)</script>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    "<style>body{display:none}</style>",
    "<iframe src=https://evil.example/></iframe>",
    '<a href="https://evil.example/">klik</a>',
    "&lt;script&gt;alert(7)&lt;/script&gt;",
    "&#x3C;img src=x onerror=alert(8)&#x3E;",
    "</title></textarea><script>alert(9)</script>",
    "<form action=https://evil.example/><button>Wyślij</button></form>",
    "{{ 7*7 }} ${7*7}",
]
PAYLOAD = "Tekst " + " ".join(VECTORS)
FOREIGN = "evil.example"

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset")
FORBIDDEN_TAGS = ("base", "iframe", "frame", "object", "embed", "svg", "math", "style")
OUR_SCRIPT = re.compile(r"^(https?://[^/]+)?/theme/js/menu\.js$")


def findings(html: str, own_hosts: set[str], body_class: str = "") -> list[str]:
    """Executable vectors and foreign navigation in one page.

    Links to other hosts are a clerk's right inside the sanitised document
    body (`body_class`); anywhere else they would come from data.
    """
    soup = BeautifulSoup(html, "html.parser")
    found = [f"<{tag.name}>" for tag in soup.find_all(FORBIDDEN_TAGS)]
    for script in soup.find_all("script"):
        if not OUR_SCRIPT.match(script.get("src", "")) or script.string:
            found.append(f"script {script.get('src')!r} {script.string!r}")
    for tag in soup.find_all(True):
        found += [f"{tag.name} {name}=" for name in tag.attrs if name.startswith("on")]
        found += _urls(tag, own_hosts, body_class)
    found += _forms_and_meta(soup, own_hosts)
    return found


def _urls(tag, own_hosts: set[str], body_class: str) -> list[str]:
    found = []
    for name in URL_ATTRIBUTES:
        value = tag.get(name)
        if value is None:
            continue
        url = urlsplit("".join(str(value).split()).lower())
        if url.scheme not in {"", "http", "https", "mailto", "tel"}:
            found.append(f"{tag.name} {name}={value!r}")
        elif url.netloc and url.netloc not in own_hosts:
            inside = body_class and tag.find_parent(class_=body_class)
            if tag.name != "a" or not inside:
                found.append(f"{tag.name} {name}={value!r} (inny serwer)")
    return found


def _forms_and_meta(soup: BeautifulSoup, own_hosts: set[str]) -> list[str]:
    found = []
    for form in soup.find_all("form"):
        if urlsplit(form.get("action", "")).path.rstrip("/").split("/")[-1] != "szukaj":
            found.append(f"form action={form.get('action')!r}")
    for meta in soup.find_all("meta", attrs={"http-equiv": True}):
        target = urlsplit(meta.get("content", "").partition("url=")[2])
        if target.netloc and target.netloc not in own_hosts:
            found.append(f"meta http-equiv {meta.get('content')!r}")
    return found

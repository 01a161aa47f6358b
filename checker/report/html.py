"""HTML pages from jinja2 templates shipped in the package, with autoescape on everywhere.

Every page is self-contained (inline CSS and JS, nothing fetched) so it works from
`file://`. A Content-Security-Policy with the hashes of our own inline style and script
means that even a tag that slipped past escaping could not run or load anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

TEMPLATE_PACKAGE = "checker.report"


def _asset(name: str) -> str:
    return resources.files(TEMPLATE_PACKAGE).joinpath("templates", name).read_text("utf-8")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader(TEMPLATE_PACKAGE, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["page_assets"] = page_assets
    env.filters["plural"] = plural
    return env


@cache
def page_assets(script: str | None = None) -> dict[str, Markup | str]:
    """Our own CSS (and optional JS) for inlining, and the CSP that allows exactly them.

    Only these static package files are marked safe; nothing from a note ever is.
    """
    css = _asset("style.css")
    policy = [
        "default-src 'none'",
        f"style-src {_csp_hash(css)}",
        "img-src data:",
        "base-uri 'none'",  # default-src does not cover these two
        "form-action 'none'",
    ]
    assets: dict[str, Markup | str] = {"css": Markup(css), "script": ""}
    if script:
        # Several space-separated script files are inlined as one script (shared code first).
        code = "\n".join(_asset(name) for name in script.split())
        policy.append(f"script-src {_csp_hash(code)}")
        assets["script"] = Markup(code)
    assets["csp"] = "; ".join(policy)
    return assets


# What `checker serve --reports` changes in a page it sends: its scripts may call the
# service's own routes (and nothing else), and a marker tells them to keep review
# decisions there rather than in the browser.
SERVED_CONNECT = "connect-src 'self'"
SERVED_MARKER = '<meta name="facet-checker-service" content="decisions">'
_POLICY_META = '<meta http-equiv="Content-Security-Policy" content="'


def served_page(page: str) -> str:
    """A report page as the service sends it. Opened from disk, the same page allows no
    connection at all and keeps decisions in the browser."""
    head, found, tail = page.partition(_POLICY_META)
    if not found:
        return page
    meta_end = tail.index(">") + 1
    allowed = html.escape(SERVED_CONNECT, quote=True) + "; "
    return f"{head}{found}{allowed}{tail[:meta_end]}\n{SERVED_MARKER}{tail[meta_end:]}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 note`, `2 notes`, `1,204 notes`: the count with the word that fits it."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)

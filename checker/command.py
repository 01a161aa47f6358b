"""Entry point of the `checker` command: start-up without what the command never uses.

`import spacy` also imports spaCy's own command line (`spacy.cli`: weasel, requests, httpx,
jinja2 and every `spacy` subcommand), about a quarter of spaCy's import time, only to offer
`spacy.info`. The `checker` command never calls it, so its process gets a stand-in for that
package before spaCy is imported; everything else of spaCy is unchanged. Only this entry
point does so: `import checker` in someone else's program leaves their spaCy whole.
"""

from __future__ import annotations

import sys
import types


def _info(*args: object, **kwargs: object) -> None:
    raise RuntimeError("spaCy's command line is not loaded in the checker command")


def leave_out_spacy_cli() -> None:
    """Stand in for `spacy.cli` and `spacy.cli.info` (what `spacy/__init__` imports), unless
    spaCy or its command line is already loaded."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return
    package = types.ModuleType("spacy.cli", "Not loaded in the checker command.")
    package.__path__ = []  # a package with no submodules to find
    info = types.ModuleType("spacy.cli.info")
    # modules made here: mypy knows no attributes of a bare ModuleType
    info.info = _info  # type: ignore[attr-defined]
    package.info = info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"] = package
    sys.modules["spacy.cli.info"] = info


def main() -> None:
    leave_out_spacy_cli()
    from checker.cli import app

    app()

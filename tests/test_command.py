"""The installed `checker` command checks notes without loading spaCy's own command line
(a quarter of spaCy's start-up), and a library user's spaCy stays whole."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTE = ROOT / "sample_notes" / "s001.txt"


def test_command_checks_a_note_without_spacys_command_line():
    probe = (
        "import sys\n"
        "from checker.command import leave_out_spacy_cli\n"
        "leave_out_spacy_cli()\n"
        "from checker.cli import app\n"
        "try:\n"
        f"    app(['check', {str(NOTE)!r}, '--format', 'jsonl'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('weasel' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert '"note_id":"FJ-2026-0001"' in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_library_import_leaves_spacy_whole():
    probe = "import checker.engine, spacy.cli; print(callable(spacy.cli.download))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "True"

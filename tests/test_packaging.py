"""An installed wheel works as well as the source checkout: patterns, vocabularies, rules
and templates ship inside the package."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTE = ROOT / "sample_notes" / "s001.txt"


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-w", str(out), "-q"],
        check=True,
    )  # fmt: skip
    wheel = next(out.glob("*.whl"))
    target = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_wheel_carries_the_data_files(unpacked_wheel):
    package = unpacked_wheel / "checker"
    assert (package / "patterns" / "levels.jsonl").is_file()
    assert (package / "patterns" / "vocabulary" / "drugs.jsonl").is_file()
    assert (package / "patterns" / "section_scopes.json").is_file()
    assert list((package / "rules" / "data").glob("*.yaml"))
    assert list((package / "report" / "templates").glob("*.j2"))


def test_wheel_checks_a_note_outside_the_source_tree(unpacked_wheel, tmp_path):
    script = (
        "import checker, json, sys\n"
        "from checker import check_text\n"
        "print(checker.__file__)\n"
        "print(check_text(open(sys.argv[1]).read()).to_json_line())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(unpacked_wheel)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(NOTE)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    location, line = done.stdout.splitlines()[:2]
    assert location.startswith(str(unpacked_wheel))
    report = json.loads(line)
    assert report["extraction"]["levels"], report

"""Release notes (reno, releasenotes/notes/): every note is one reno renders and a reader can use.

What `reno lint` checks (known sections, unique ids), read from the files
alone: reno's own commands read the git history first, which a shallow
clone lacks. A note still holding the template's TODO is refused too. The
documentation site renders the notes with reno's Sphinx extension where git
has the history, and says why not elsewhere.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from reno import config

ROOT = Path(__file__).resolve().parents[2]
NOTES = sorted((ROOT / "releasenotes" / "notes").glob("*"))
CONF = config.Config(str(ROOT), "releasenotes")
NAME = re.compile(r"[a-z0-9][a-z0-9-]*-(?P<uid>[0-9a-f]{16})\.yaml")


def problems(text: str) -> list[str]:
    """What is wrong with a note's text: nothing, for one worth publishing."""
    try:
        body = yaml.safe_load(text)
    except yaml.YAMLError as error:
        return [f"not YAML: {error}"]
    if not isinstance(body, dict) or not body:
        return ["no section"]
    known = {CONF.prelude_section_name, *(section.name for section in CONF.sections)}
    found = [f"unknown section {name!r} (reno knows {sorted(known)})"
             for name in body if name not in known]
    for name, value in body.items():
        items = [value] if name == CONF.prelude_section_name else value
        if not isinstance(items, list) or not items or not all(
                isinstance(item, str) and item.strip() for item in items):
            found.append(f"{name}: a list of non-empty texts (the prelude: one text)")
        elif any("TODO:" in item for item in items):
            found.append(f"{name}: still the template's TODO")
    return found


def test_there_are_notes_and_each_is_named_as_reno_new_names_it() -> None:
    assert NOTES
    misnamed = [note.name for note in NOTES if not NAME.fullmatch(note.name)]
    assert not misnamed, f"write notes with `reno new SLUG`: {misnamed}"
    uids = [note.name[-21:-5] for note in NOTES]
    assert len(uids) == len(set(uids)), "two notes share an id"


@pytest.mark.parametrize("note", NOTES, ids=lambda note: note.name)
def test_each_note_has_known_sections_of_text(note: Path) -> None:
    assert problems(note.read_text()) == []


def test_the_checks_refuse_what_reno_new_writes_and_unknown_sections() -> None:
    assert problems(CONF.template) == [f"{name}: still the template's TODO"
                                       for name in ("features", "upgrade", "fixes")]
    assert problems("---\nfeature:\n  - a typo'd section\n")[0].startswith(
        "unknown section 'feature'")
    assert problems("---\nfixes: one text, not a list\n") == [
        "fixes: a list of non-empty texts (the prelude: one text)"]


def test_the_docs_page_uses_reno_only_where_git_has_the_history(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("docs_conf", ROOT / "docs" / "conf.py")
    assert spec and spec.loader
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    git = ("git", "-c", "user.name=t", "-c", "user.email=t@example.invalid")
    full, shallow, unpacked = tmp_path / "full", tmp_path / "shallow", tmp_path / "sdist"
    unpacked.mkdir()
    subprocess.run([*git, "init", "-q", full], check=True)
    for n in (1, 2):
        subprocess.run([*git, "-C", full, "commit", "-q", "--allow-empty", "-m", str(n)],
                       check=True)
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{full}", shallow], check=True)
    assert ".. release-notes::" in conf._release_notes_page(full)
    for lacking in (shallow, unpacked):  # reno would fail there: a page that says why
        page = conf._release_notes_page(lacking)
        assert ".. release-notes::" not in page and "git history" in page

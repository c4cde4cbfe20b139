"""Hostile input: one vault holding every odd file we know of beside a few good notes, tended
by the real command. No crash, no hang, no traceback; one warning for each file passed over,
none for an odd but valid note; nothing of it modified; the good notes still tended."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

import vaultkit.store.parallel_read
import vaultkit.store.vault
from support.vaults import OLD_MTIME, age_tree
from vaultkit.settings.config import load_config
from vaultkit.store.reading import Vanished
from vaultkit.store.vault import load_vault

GOOD = "Journal/2026-11-20.md"
LETTER = "Letters/To Dad.md"
NOTE, WARNED, SKIPPED, UNSEEN = "a note", "read, with a warning", "skipped", "not a note"


def write(root: Path, rel: str, data: bytes | str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def link(root: Path, rel: str, target: str | Path, folder: bool = False) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, root / rel, target_is_directory=folder)


# kind -> (path in the vault, what vaultkit must make of it, how to make it)
KINDS: dict[str, tuple[str, str, Callable[[Path, Path], None]]] = {
    "a 50 MB note": (
        "Big/huge.md",
        SKIPPED,
        lambda v, o: write(v, "Big/huge.md", b"words and more words\n" * 2_500_000),
    ),
    "a 5 MB line": (
        "Big/long line.md",
        NOTE,
        lambda v, o: write(v, "Big/long line.md", "word " * 1_000_000 + "\n"),
    ),
    "20,000 tags on a line": (
        "Odd/tags.md",
        NOTE,
        lambda v, o: write(v, "Odd/tags.md", " ".join(f"#t{i}" for i in range(20_000)) + "\n"),
    ),
    "an unclosed fence": (
        "Odd/fence.md",
        NOTE,
        lambda v, o: write(v, "Odd/fence.md", "```\nfenced away #next\n"),
    ),
    "only frontmatter": (
        "Odd/only frontmatter.md",
        NOTE,
        lambda v, o: write(v, "Odd/only frontmatter.md", "---\ndate: 2026-11-20\nmood: 5\n---\n"),
    ),
    "a --- rule first": (
        "Odd/rule.md",
        NOTE,
        lambda v, o: write(v, "Odd/rule.md", "---\nA rule, then prose: ruled line #next\n"),
    ),
    "NUL bytes": ("Odd/nul.md", SKIPPED, lambda v, o: write(v, "Odd/nul.md", b"a\x00b #next\n")),
    "invalid UTF-8": (
        "Odd/latin1.md",
        SKIPPED,
        lambda v, o: write(v, "Odd/latin1.md", "caf\xe9 #next\n".encode("latin-1")),
    ),
    "a name that is not UTF-8": (
        "Odd/caf\udce9.md",  # the byte 0xE9 as os.fsdecode reads it
        SKIPPED,
        lambda v, o: write(v, "Odd/caf\udce9.md", "- [ ] an odd name #next\n"),
    ),
    "UTF-16 with a BOM": (
        "Odd/utf16.md",
        SKIPPED,
        lambda v, o: write(v, "Odd/utf16.md", "\ufeffsixteen #next\n".encode("utf-16-le")),
    ),
    "CR-only line ends": (
        "Odd/cr.md",
        NOTE,
        lambda v, o: write(v, "Odd/cr.md", b"old mac\rline two\r"),
    ),
    "an NFD name": (
        unicodedata.normalize("NFD", "Odd/Café.md"),
        NOTE,
        lambda v, o: write(v, unicodedata.normalize("NFD", "Odd/Café.md"), "decomposed name\n"),
    ),
    "case-only twins": (
        "People/sam.md",
        NOTE,
        lambda v, o: (
            write(v, "People/Sam.md", "Sam, capital\n"),
            write(v, "People/sam.md", "sam, small\n"),
        ),
    ),
    "a symlink inside the vault": (
        "Odd/alias.md",
        NOTE,
        lambda v, o: link(v, "Odd/alias.md", "cr.md"),
    ),
    "a symlink out of the vault": (
        "Odd/out.md",
        SKIPPED,
        lambda v, o: link(v, "Odd/out.md", o / "secret.md"),
    ),
    "a symlink loop": (
        "Odd/loop-a.md",
        SKIPPED,
        lambda v, o: (link(v, "Odd/loop-a.md", "loop-b.md"), link(v, "Odd/loop-b.md", "loop-a.md")),
    ),
    "a dangling symlink": (
        "Odd/dangling.md",
        SKIPPED,
        lambda v, o: link(v, "Odd/dangling.md", "nowhere.md"),
    ),
    "a symlinked folder": (
        "Linked",
        SKIPPED,
        lambda v, o: link(v, "Linked", o / "elsewhere", folder=True),
    ),
    "a folder named .md": (
        "Odd/folder.md",
        UNSEEN,
        lambda v, o: (
            (v / "Odd/folder.md").mkdir(parents=True),
            write(v, "Odd/folder.md/inner.md", "in\n"),
        ),
    ),
    "a FIFO named .md": (
        "Odd/pipe.md",
        SKIPPED,
        lambda v, o: ((v / "Odd").mkdir(exist_ok=True), os.mkfifo(v / "Odd/pipe.md")),
    ),
    "a sync conflict copy": (
        "Journal/2026-11-20.sync-conflict-20261121-093012-ABCDEFG.md",
        SKIPPED,
        lambda v, o: write(
            v, "Journal/2026-11-20.sync-conflict-20261121-093012-ABCDEFG.md", "other #next\n"
        ),
    ),
    "an iCloud placeholder": (
        "Odd/.evicted.md.icloud",
        UNSEEN,
        lambda v, o: write(v, "Odd/.evicted.md.icloud", b"bplist00"),
    ),
    "a sync temp file": (
        "Odd/.syncthing.cr.md.tmp",
        UNSEEN,
        lambda v, o: write(v, "Odd/.syncthing.cr.md.tmp", "half #next\n"),
    ),
    "invalid YAML": (
        "Odd/yaml.md",
        WARNED,
        lambda v, o: write(v, "Odd/yaml.md", "---\ntitle: Re: hello\n---\nbody line #next\n"),
    ),
    # Warned of on one line, the name shown escaped: it must neither split the warning nor
    # reach the terminal as a command (here, one that clears the screen).
    "a newline in the name": (
        "Odd/two\nlines.md",
        WARNED,
        lambda v, o: write(v, "Odd/two\nlines.md", "---\ntitle: Re: hello\n---\nbody\n"),
    ),
    "a terminal escape in the name": (
        "Odd/clear\x1b[2J.md",
        WARNED,
        lambda v, o: write(v, "Odd/clear\x1b[2J.md", "---\nmood: 99\n---\nbody\n"),
    ),
    "an impossible date": (
        "Odd/date.md",
        WARNED,
        lambda v, o: write(v, "Odd/date.md", "---\ndate: 2026-02-30\n---\nbody\n"),
    ),
    "10,000 nested quotes": (
        "Odd/quotes.md",
        NOTE,
        lambda v, o: write(
            v, "Odd/quotes.md", ">" * 10_000 + " deep #next\n" + "- " * 5_000 + "list\n"
        ),
    ),
    "1 MB of frontmatter": (
        "Odd/fat frontmatter.md",
        NOTE,
        lambda v, o: write(
            v,
            "Odd/fat frontmatter.md",
            "---\n" + "".join(f"key{i}: value {i}\n" for i in range(60_000)) + "---\nbody\n",
        ),
    ),
    "# and [[ in the name": (
        "Odd/#tag [[link]].md",
        NOTE,
        lambda v, o: write(v, "Odd/#tag [[link]].md", "named oddly\n"),
    ),
    "an upper-case .MD": ("Odd/SHOUT.MD", NOTE, lambda v, o: write(v, "Odd/SHOUT.MD", "loud\n")),
    "a 250-byte name": (
        "Odd/" + "n" * 247 + ".md",
        NOTE,
        lambda v, o: write(v, "Odd/" + "n" * 247 + ".md", "long name\n"),
    ),
    "an empty note outside prompt folders": (
        "Odd/empty.md",
        NOTE,
        lambda v, o: write(v, "Odd/empty.md", b""),
    ),
    "a trigger inside code": (
        "Odd/code trigger.md",
        NOTE,
        lambda v, o: write(v, "Odd/code trigger.md", "```\n{{letter}}\n```\n"),
    ),
}


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under root: bytes of files, targets of links, kinds of the rest."""
    found: dict[str, object] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            st = os.lstat(path)
            if os.path.islink(path):
                found[rel] = ("link", os.readlink(path))
            elif os.path.isfile(path):
                found[rel] = ("file", Path(path).read_bytes(), st.st_mtime_ns)
            else:
                found[rel] = ("other", st.st_mode)
    return found


@pytest.fixture(scope="module")
def tended(tmp_path_factory):
    """The hostile vault, before and after one `vaultkit run`."""
    base = tmp_path_factory.mktemp("hostile")
    vault, outside = base / "vault", base / "outside"
    (outside / "elsewhere").mkdir(parents=True)
    write(outside, "secret.md", "outside the vault #next\n")
    write(outside, "elsewhere/note.md", "in a linked folder #next\n")
    # The odd notes are dated by their mtime, 5 November: a month's window keeps their items
    # on the page, where the test looks for them.
    write(vault, "vaultkit.toml", "quiet_seconds = 1\n\n[agenda]\nwindow_days = 30\n")
    write(vault, GOOD, "# Friday\n\nGood line #next\n")
    write(vault, LETTER, b"")
    for _, _, make in KINDS.values():
        make(vault, outside)
    age_tree(vault)
    age_tree(outside)
    before, outside_before = snapshot(vault), snapshot(outside)
    env = dict(os.environ, VAULTKIT_CACHE_DIR=str(base / "cache"))
    done = subprocess.run(
        [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--today", "2026-11-22", "run"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    return vault, before, snapshot(vault), done, outside_before, snapshot(outside)


def test_the_run_ends_well(tended):
    vault, _, _, done, outside_before, outside_after = tended
    assert done.returncode == 1, done.stderr  # 1: files were passed over
    assert "Traceback" not in done.stderr + done.stdout
    agenda = (vault / "Next session.md").read_text("utf-8")
    assert "Good line" in agenda and "ruled line" in agenda
    assert "fenced away" not in agenda and "outside the vault" not in agenda
    assert "in a linked folder" not in agenda and "other #next" not in agenda
    assert (vault / LETTER).read_text("utf-8").startswith("---\ntype: letter\n")
    assert outside_after == outside_before  # nothing outside the vault read into it or touched


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind(tended, kind):
    _vault, before, after, done, _, _ = tended
    rel, fate, _ = KINDS[kind]
    # None of it modified (bytes, mtime, link target, kind).
    for path, entry in before.items():
        if path == rel or path.startswith(rel + "/"):
            assert after.get(path) == entry, path
    # A name that is not UTF-8, or holds a control character, is shown with those escaped
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in rel)
    told = [line for line in done.stderr.splitlines() if shown in line]
    if fate in (SKIPPED, WARNED):
        assert len(told) == 1, (kind, told)
    else:
        assert told == [], (kind, told)


def test_the_corpus_is_large_enough():
    assert len(KINDS) >= 25


def test_a_file_that_vanishes_mid_read(tmp_path, monkeypatch):
    write(tmp_path, GOOD, "# Friday\n\nGood line #next\n")
    write(tmp_path, "Journal/going.md", "about to go\n")
    age_tree(tmp_path)
    real_read = vaultkit.store.vault.read_note

    def vanishing(root, rel):
        if rel == "Journal/going.md":
            (tmp_path / rel).unlink(missing_ok=True)  # removed between the walk and the read
            raise Vanished(rel)
        return real_read(root, rel)

    for module in (vaultkit.store.vault, vaultkit.store.parallel_read):
        monkeypatch.setattr(module, "read_note", vanishing)
    config, _ = load_config(tmp_path)
    vault = load_vault(tmp_path, config)
    assert "Journal/going.md" not in vault.notes and "Journal/going.md" not in vault.skipped
    assert GOOD in vault.notes  # the rest read as usual


def test_an_unreadable_file(tmp_path, cli, monkeypatch):
    write(tmp_path, GOOD, "# Friday\n\nGood line #next\n")
    write(tmp_path, "Odd/locked.md", "private\n")
    os.chmod(tmp_path / "Odd/locked.md", 0)
    age_tree(tmp_path)
    if os.geteuid() == 0:
        # root reads a file whatever its mode: refuse the open as the kernel would for others.
        import vaultkit.store.reading

        real_open = vaultkit.store.reading.os.open

        def refusing(path, *args, **kwargs):
            if str(path).endswith("Odd/locked.md"):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(vaultkit.store.reading.os, "open", refusing)
    try:
        result = cli("--vault", str(tmp_path), "--today", "2026-11-22", "run")
    finally:
        monkeypatch.undo()
        os.chmod(tmp_path / "Odd/locked.md", 0o644)
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "Odd/locked.md" in line] == [
        "warning: Odd/locked.md: permission denied"
    ]
    assert (tmp_path / "Odd/locked.md").read_text("utf-8") == "private\n"
    assert os.stat(tmp_path / "Odd/locked.md").st_mtime == OLD_MTIME
    assert "Good line" in (tmp_path / "Next session.md").read_text("utf-8")


def test_a_note_the_reader_fails_on_is_passed_over_not_the_pass(tmp_path, cli, monkeypatch):
    """Whatever a note holds that the reader did not foresee (here: any error from it), that
    note is named and left alone, and the rest of the vault is tended."""
    write(tmp_path, GOOD, "# Friday\n\nGood line #next\n")
    write(tmp_path, "Journal/odd.md", "something unforeseen\n")
    age_tree(tmp_path)
    real_parse = vaultkit.store.vault.parse_note

    def failing(rel, *args, **kwargs):
        if rel == "Journal/odd.md":
            raise ValueError("an input nobody thought of")
        return real_parse(rel, *args, **kwargs)

    for module in (vaultkit.store.vault, vaultkit.store.parallel_read):
        monkeypatch.setattr(module, "parse_note", failing)
    result = cli("--vault", str(tmp_path), "--today", "2026-11-22", "run")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert [line for line in result.output.splitlines() if "Journal/odd.md" in line] == [
        (
            "warning: Journal/odd.md: vaultkit could not read it (ValueError: an input nobody "
            "thought of); the note is left as it is"
        )
    ]
    assert (tmp_path / "Journal/odd.md").read_text("utf-8") == "something unforeseen\n"
    assert "Good line" in (tmp_path / "Next session.md").read_text("utf-8")

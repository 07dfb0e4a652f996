"""iter_inputs over files, folders and zip archives: what gets loaded, what is skipped, what
fails and the reason a user reads."""

from __future__ import annotations

import io
import os
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from extractor.read.inputs import MB, ArchiveLimits, InputItem, InputProblem, iter_inputs

FILES = Path(__file__).parent / "files"
DEFAULT_LIMITS = ArchiveLimits()


def walk(*names: str, limits: ArchiveLimits = DEFAULT_LIMITS) -> list[tuple[str, str]]:
    """(display path, outcome) with outcome "item", "skipped" or the failure reason, shown
    relative to tests/files as a user typing the names there would see them."""
    found = iter_inputs([FILES / name for name in names], limits=limits)
    prefix = f"{FILES}{os.sep}"
    return [(f.display_path.replace(prefix, ""), outcome(f).replace(prefix, "")) for f in found]


def outcome(found: InputItem | InputProblem) -> str:
    if isinstance(found, InputItem):
        return "item"
    return "skipped" if found.skipped else found.reason


def test_traversal_members_fail_and_the_rest_is_read():
    unsafe = "unsafe path in the archive (absolute or with '..'): member not read"
    assert walk("traversal.zip") == [
        ("traversal.zip!../evil.txt", f"traversal.zip!../evil.txt: {unsafe}"),
        ("traversal.zip!/etc/evil.txt", f"traversal.zip!/etc/evil.txt: {unsafe}"),
        ("traversal.zip!docs/contract.txt", "item"),
    ]


def test_nested_zip_within_the_limit_is_read():
    items = list(iter_inputs([FILES / "nested_ok.zip"]))
    shown = [item.display_path.rsplit("/files/", 1)[1] for item in items]
    assert shown == ["nested_ok.zip!cover.txt", "nested_ok.zip!inner.zip!deal/contract.pdf"]
    document = items[1].load()
    assert document.format == "pdf" and document.path.endswith(
        "nested_ok.zip!inner.zip!deal/contract.pdf"
    )
    assert "SERVICES AGREEMENT" in document.text


def test_nesting_beyond_the_limit_fails_naming_the_limit():
    chain = "nested_deep.zip!level2.zip!level3.zip!level4.zip"
    assert walk("nested_deep.zip") == [
        (
            chain,
            (
                f"{chain}: archives nested more than 3 deep are not read (limit max_depth=3): "
                "unpack it and ingest its files"
            ),
        )
    ]
    assert walk("nested_deep.zip", limits=ArchiveLimits(max_depth=4)) == [
        (f"{chain}!deep.txt", "item")
    ]


def test_compression_bomb_member_is_refused_before_reading():
    ok, (bomb, reason) = walk("bomb.zip")
    assert bomb == "bomb.zip!zeros.txt"
    assert reason.startswith("bomb.zip!zeros.txt is compressed ")
    assert reason.endswith(":1 (limit 100:1): refusing a possible zip bomb")
    assert ok == ("bomb.zip!ok.txt", "item")


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        (
            ArchiveLimits(max_total_bytes=100),
            [
                (
                    "mixed.zip",
                    (
                        "mixed.zip would unpack to 380 bytes (limit 100 bytes per archive): "
                        "refusing a possible zip bomb"
                    ),
                )
            ],
        ),
        (
            ArchiveLimits(max_members=4),
            [("mixed.zip", "mixed.zip has 5 members (limit 4): refusing it")],
        ),
    ],
)
def test_whole_archive_refused_on_declared_sizes(limits, expected):
    assert walk("mixed.zip", limits=limits) == expected


def test_member_size_limit():
    reason = (
        "traversal.zip!docs/contract.txt would unpack to 195 bytes (limit 100 bytes per member): "
        "member not read"
    )
    assert walk("traversal.zip", limits=ArchiveLimits(max_member_bytes=100))[-1] == (
        "traversal.zip!docs/contract.txt",
        reason,
    )


def test_encrypted_member_fails_and_the_rest_is_read():
    assert walk("encrypted_member.zip") == [
        ("encrypted_member.zip!open.txt", "item"),
        (
            "encrypted_member.zip!secret.txt",
            (
                "encrypted_member.zip!secret.txt is encrypted in the zip: "
                "unzip it with its password and ingest the file"
            ),
        ),
    ]


def test_unreadable_types_in_an_archive_are_skipped():
    assert walk("mixed.zip") == [
        ("mixed.zip!__MACOSX/._contract.txt", "skipped"),
        ("mixed.zip!budget.xlsx", "skipped"),
        ("mixed.zip!contract.txt", "item"),
        ("mixed.zip!logo.png", "skipped"),
    ]
    archive = FILES / "mixed.zip"
    skipped = {d: r for d, r, s in reasons([archive]) if s}
    assert skipped[f"{archive}!budget.xlsx"] == (
        f"{archive}!budget.xlsx is not a contract file type (.xlsx): skipped")  # fmt: skip
    assert skipped[f"{archive}!logo.png"] == (
        f"{archive}!logo.png is not a contract file type (.png): skipped")  # fmt: skip


def test_member_whose_declared_size_lies_is_reported_damaged(tmp_path):
    data = bytearray(make_zip([("contract.txt", b"A" * 5000)], zipfile.ZIP_STORED))
    for offset in (data.find(b"PK\x03\x04") + 22, data.find(b"PK\x01\x02") + 24):
        struct.pack_into("<I", data, offset, 100)  # uncompressed size: 100 instead of 5000
    (tmp_path / "liar.zip").write_bytes(data)
    [problem] = list(iter_inputs([tmp_path / "liar.zip"]))
    assert isinstance(problem, InputProblem) and not problem.skipped
    assert problem.reason.endswith(
        "liar.zip!contract.txt is damaged in the zip (Bad CRC-32 for file 'contract.txt')"
    )


def make_zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "deals"
    (root / "acme" / "old").mkdir(parents=True)
    shutil.copy(FILES / "table.pdf", root / "acme" / "msa.pdf")
    (root / "acme" / "old" / "notes.txt").write_text("Net 30.")
    (root / "acme" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    (root / "budget.xlsx").write_bytes(make_zip([("xl/workbook.xml", b"<workbook/>")]))
    (root / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "README").write_text("not a contract")
    (root / "archive.zip").write_bytes(make_zip([("sow.txt", b"Statement of work.")]))
    (root / "acme" / "loop").symlink_to(root)
    (root / "dangling.pdf").symlink_to(root / "gone.pdf")
    return root


def test_folder_walk_is_sorted_skips_clutter_and_ends_symlink_loops(folder):
    found = [(f.display_path.removeprefix(str(folder)), outcome(f)) for f in iter_inputs([folder])]
    assert found == [
        ("/README", "skipped"),
        ("/Thumbs.db", "skipped"),
        ("/acme/.DS_Store", "skipped"),
        ("/acme/loop", "skipped"),
        ("/acme/msa.pdf", "item"),
        ("/acme/old/notes.txt", "item"),
        ("/archive.zip!sow.txt", "item"),
        ("/budget.xlsx", "skipped"),
        ("/dangling.pdf", f"{folder}/dangling.pdf is a broken symbolic link"),
        ("/scan.png", "skipped"),
    ]


def test_folder_items_are_not_explicit_and_command_line_files_are(folder):
    [item] = [f for f in iter_inputs([folder / "acme" / "msa.pdf"])]
    assert item.explicit and item.path == folder / "acme" / "msa.pdf" and item.data is None
    inside = [f for f in iter_inputs([folder]) if isinstance(f, InputItem)]
    assert not any(f.explicit for f in inside)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (
            "scan.png",
            (
                "unsupported file type .png (a PNG image); "
                "supported: PDF, DOCX, TXT and .zip archives of them"
            ),
        ),
        (
            "budget.xlsx",
            (
                "unsupported file type .xlsx (a zip archive that is not a Word document); "
                "supported: PDF, DOCX, TXT and .zip archives of them"
            ),
        ),
        ("data.json", "unsupported file type .json (plain text): rename it to .txt to read it"),
    ],
)
def test_unsupported_file_named_on_the_command_line_fails(folder, name, reason):
    (folder / "data.json").write_text('{"a": 1}')
    [problem] = list(iter_inputs([folder / name]))
    assert isinstance(problem, InputProblem) and not problem.skipped
    assert problem.display_path == str(folder / name)
    assert problem.reason == f"{folder / name}: {reason}"


def test_command_line_file_without_extension_is_read_by_content(folder):
    [item] = list(iter_inputs([folder / "README"]))
    assert isinstance(item, InputItem)
    assert item.load().text == "not a contract"


def test_pdf_with_another_name_is_read_by_content(folder):
    shutil.copy(FILES / "table.pdf", folder / "contract.pdf.download")
    [item] = list(iter_inputs([folder / "contract.pdf.download"]))
    assert item.load().warnings == ("named .download but contains a PDF: read it as PDF",)


def test_missing_and_repeated_inputs(folder):
    pdf = str(folder / "acme" / "msa.pdf")
    found = [(f.display_path, outcome(f)) for f in iter_inputs(["nope.pdf", pdf, pdf])]
    assert found == [
        ("nope.pdf", "nope.pdf does not exist"),
        (pdf, "item"),
        (pdf, "skipped"),
    ]


def test_unlistable_folder_is_a_failure(folder):
    locked = folder / "acme"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: folder permissions are not enforced")
        found = [(f.display_path, outcome(f)) for f in iter_inputs([locked])]
        assert found == [(str(locked), f"{locked}: permission denied")]
    finally:
        locked.chmod(0o755)


# The OS refusing us, faked: CI runs as root, which chmod cannot lock out, so the test above
# skips there. Each fake refuses one path alone, at the call the walker makes for it.
DENIED = PermissionError(13, "Permission denied")
IO_ERROR = OSError(5, "Input/output error")


class LockedEntry:
    """A DirEntry whose stat() fails, as it does for a file in a folder we may list only."""

    def __init__(self, entry: os.DirEntry, error: OSError) -> None:
        self.name, self.path, self.error = entry.name, entry.path, error

    def stat(self):
        raise self.error


def refuse(monkeypatch, target: Path, call: str, error: OSError) -> None:
    """Make ``call`` raise ``error`` for ``target`` (a file or folder) and behave otherwise."""
    if call == "scandir":
        real_scandir = os.scandir

        def scandir(path):
            if Path(path) == target:
                raise error
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    elif call == "entry.stat":
        real_scandir = os.scandir

        class Listing:
            def __init__(self, path):
                self.scan = real_scandir(path)

            def __enter__(self):
                entries = list(self.scan.__enter__())
                return [LockedEntry(e, error) if Path(e.path) == target else e for e in entries]

            def __exit__(self, *exc):
                return self.scan.__exit__(*exc)

        monkeypatch.setattr(os, "scandir", Listing)
    else:  # "stat", "open", "zip": a method of Path, or zipfile.ZipFile, on target only
        owner, name = (zipfile, "ZipFile") if call == "zip" else (Path, call)
        real = getattr(owner, name)

        def refused(first, *args, **kwargs):
            if Path(first) == target:
                raise error
            return real(first, *args, **kwargs)

        monkeypatch.setattr(owner, name, refused)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        ("stat", "acme"),  # a folder named on the command line
        ("scandir", "acme"),  # a folder we may not list
        ("entry.stat", "acme/msa.pdf"),  # a file met inside a folder
        ("open", "README"),  # a file read by its content
        ("zip", "archive.zip"),  # an archive
    ],
)
@pytest.mark.parametrize(
    ("error", "reason"),
    [(DENIED, ": permission denied"), (IO_ERROR, " could not be read: Input/output error")],
    ids=["denied", "io-error"],
)
def test_an_input_the_os_refuses_fails_alone_with_its_reason(folder, monkeypatch, call, name,
                                                             error, reason):
    target = folder / name
    refuse(monkeypatch, target, call, error)
    # Named on the command line (README has no extension: read by content only when named),
    # or met while walking the folder.
    named = [target] if call in ("stat", "open", "zip") else [folder]
    found = [(f.display_path, outcome(f)) for f in iter_inputs(named)]
    assert (str(target), f"{target}{reason}") in found
    others = [shown for shown, result in found if shown != str(target)]
    if call in ("scandir", "entry.stat"):
        assert str(folder / "archive.zip!sow.txt") in others  # the rest of the folder is read


def test_a_folder_the_os_refuses_is_reported_by_ingest(runner, db_path, tmp_path, monkeypatch):
    from tracker.cli import cli

    locked = tmp_path / "locked"
    locked.mkdir()
    (tmp_path / "open.txt").write_text("SERVICES AGREEMENT between Acme Inc. and Widget LLC.")
    refuse(monkeypatch, locked, "scandir", DENIED)
    result = runner.invoke(cli, ["ingest", "--jobs", "1", str(locked), str(tmp_path / "open.txt")])
    assert result.exit_code == 1
    assert f"failed: {locked}: permission denied" in result.stderr
    assert "Ingested 1 · already in the store 0 · failed 1" in result.stderr
    errors = runner.invoke(cli, ["errors", "--json"]).stdout
    assert f'"reason": "{locked}: permission denied"' in errors


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_depth": 0},
        {"max_ratio": 0.5},
        {"max_member_bytes": -1},
        {"max_total_bytes": 0},
        {"max_members": 1.5},
    ],
)
def test_archive_limits_are_validated(kwargs):
    with pytest.raises(ValueError, match="ArchiveLimits"):
        ArchiveLimits(**kwargs)


def test_input_item_needs_exactly_one_source():
    with pytest.raises(ValueError, match="exactly one of path and data"):
        InputItem("x.pdf", Path("x.pdf"), b"%PDF-", False)


# --- the streaming caps: what is counted while unpacking, whatever the headers say -------------


def test_a_member_is_refused_while_unpacking_past_the_member_cap():
    from extractor.errors import UnsafeArchive
    from extractor.read.inputs import Budget, read_member

    data = make_zip([("contract.txt", b"A" * 5000)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        [info] = archive.infolist()
        with pytest.raises(UnsafeArchive) as refused:
            read_member(archive, info, "deal.zip!contract.txt",
                        ArchiveLimits(max_member_bytes=4096), Budget(10**9))  # fmt: skip
        assert str(refused.value) == ("deal.zip!contract.txt unpacks to more than 4,096 bytes: "
                                      "refusing a possible zip bomb")  # fmt: skip
        budget = Budget(10**9)
        assert read_member(archive, info, "ok", ArchiveLimits(max_member_bytes=5000), budget) \
            == b"A" * 5000
        assert budget.remaining == 10**9 - 5000  # what was unpacked is spent


def test_a_member_is_refused_while_unpacking_past_what_the_archive_has_left():
    from extractor.errors import UnsafeArchive
    from extractor.read.inputs import Budget, read_member

    data = make_zip([("contract.txt", b"A" * 5000)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        [info] = archive.infolist()
        with pytest.raises(UnsafeArchive, match="unpacks to more than 4,999 bytes"):
            read_member(archive, info, "deal.zip!contract.txt", ArchiveLimits(), Budget(4999))


# --- every reason a user can read, skipped or failed ------------------------------------------
def reasons(paths, limits: ArchiveLimits = DEFAULT_LIMITS) -> list[tuple[str, str, bool]]:
    """(display path, reason or "item", skipped) for everything found."""
    return [(f.display_path, "item" if isinstance(f, InputItem) else f.reason,
             getattr(f, "skipped", False)) for f in iter_inputs(paths, limits=limits)]  # fmt: skip


def test_clutter_in_a_folder_is_skipped_with_its_reason(folder):
    os.mkfifo(folder / "acme" / "pipe")
    (folder / "acme" / "notes").write_text("no extension")
    found = {display: (reason, skipped) for display, reason, skipped in reasons([folder])}
    acme = f"{folder}/acme"
    assert found[f"{acme}/.DS_Store"] == (f"{acme}/.DS_Store is a hidden or system file: skipped",
                                          True)  # fmt: skip
    assert found[f"{acme}/pipe"] == (f"{acme}/pipe is not a regular file: skipped", True)
    assert found[f"{acme}/notes"] == (
        f"{acme}/notes is not a contract file type (no extension): skipped", True)  # fmt: skip
    assert found[f"{folder}/budget.xlsx"] == (
        f"{folder}/budget.xlsx is not a contract file type (.xlsx): skipped", True)  # fmt: skip
    assert found[f"{acme}/loop"] == (
        f"{acme}/loop was already read (listed twice, or a symbolic link loop)", True)
    assert found[f"{folder}/dangling.pdf"] == (f"{folder}/dangling.pdf is a broken symbolic link",
                                               False)  # fmt: skip


def test_odd_things_named_on_the_command_line(folder, tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    pdf = folder / "acme" / "msa.pdf"
    assert reasons([tmp_path / "pipe", tmp_path / "gone.pdf", pdf, pdf]) == [
        (f"{tmp_path}/pipe", f"{tmp_path}/pipe is not a regular file (a pipe or device?)", False),
        (f"{tmp_path}/gone.pdf", f"{tmp_path}/gone.pdf is a broken symbolic link", False),
        (str(pdf), "item", False),
        (str(pdf), f"{pdf} was already read (same file): skipped", True),
    ]


def test_folders_nested_deeper_than_the_limit_are_not_walked(tmp_path, monkeypatch):
    from extractor.read import inputs

    monkeypatch.setattr(inputs, "MAX_FOLDER_DEPTH", 2)
    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    for part in ("a", "a/b", "a/b/c"):
        (tmp_path / part / "x.txt").write_text("Net 30.")
    found = reasons([tmp_path / "a"])
    assert found == [
        (f"{tmp_path}/a/b/c", f"{tmp_path}/a/b/c is nested over 2 folders deep", False),
        (f"{tmp_path}/a/b/x.txt", "item", False),
        (f"{tmp_path}/a/x.txt", "item", False),
    ]


def test_word_and_zip_content_without_an_extension(tmp_path):
    word = tmp_path / "signed-contract"
    shutil.copy(FILES.parent.parent / "fixtures" / "consulting-agreement.docx", word)
    archive = tmp_path / "deals-2024"
    archive.write_bytes(make_zip([("sow.txt", b"Statement of work.")]))
    [item] = list(iter_inputs([word]))
    assert (item.display_path, item.path, item.explicit) == (str(word), word, True)
    assert reasons([archive]) == [(f"{archive}!sow.txt", "item", False)]
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(word, folder / "signed-contract")
    shutil.copy(archive, folder / "deals-2024")
    assert reasons([folder]) == [
        (f"{folder}/deals-2024", (f"{folder}/deals-2024 is not a contract file type "
                                 "(no extension): skipped"), True),
        (f"{folder}/signed-contract", "item", False),
    ]  # fmt: skip


def test_a_binary_file_without_an_extension_named_on_the_command_line(tmp_path):
    blob = tmp_path / "blob"
    blob.write_bytes(b"\x00\x01\x02\x03" * 100)
    [(_, reason, skipped)] = reasons([blob])
    assert reason.startswith(f"{blob}: unsupported file type without an extension (")
    assert not skipped


# --- archives: damaged, mis-named, odd members --------------------------------------------------
def test_damaged_archives_and_names_that_are_not_utf8(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    outer = tmp_path / "outer.zip"
    outer.write_bytes(make_zip([
        ("inner.zip", b"not a zip either"),
        ("names.zip", (FILES / "hostile" / "bad_utf8_names.zip").read_bytes()),
    ]))  # fmt: skip
    found = reasons([tmp_path / "broken.zip", outer, FILES / "hostile" / "bad_utf8_names.zip"])
    utf8 = ("is a damaged zip archive: its member names are marked UTF-8 but are not; "
            "re-create the archive (7-Zip, or `zip -r`)")  # fmt: skip
    assert found == [
        (f"{tmp_path}/broken.zip",
         f"{tmp_path}/broken.zip is not a readable zip archive (File is not a zip file)", False),
        (f"{outer}!inner.zip",
         f"{outer}!inner.zip is not a readable zip archive (File is not a zip file)", False),
        (f"{outer}!names.zip", f"{outer}!names.zip {utf8}", False),
        (f"{FILES}/hostile/bad_utf8_names.zip", f"{FILES}/hostile/bad_utf8_names.zip {utf8}",
         False),
    ]  # fmt: skip


def test_legacy_member_names_are_read_as_utf8_when_they_are_and_shown_safely():
    shown = [display.rsplit("!", 1)[1] for display, *_ in
             reasons([FILES / "hostile" / "legacy_names.zip"])]  # fmt: skip
    # In the order of the raw names; UTF-8 without the flag is read as UTF-8, Shift-JIS stays
    # as code page 437 read it, escape codes become "?".
    assert shown == ["?[2J?[31mred?line.txt", "Contrat_été.txt", "Vertrag_Müller.txt",
                     "î_û±Åæ_2019.txt"]  # fmt: skip


def test_a_symbolic_link_member_is_not_followed():
    found = reasons([FILES / "hostile" / "symlink_member.zip"])
    link = f"{FILES}/hostile/symlink_member.zip!passwd.txt"
    assert (link, f"{link} is a symbolic link inside the archive: not followed, not read",
            False) in found  # fmt: skip


@pytest.mark.parametrize("name", ["C:evil.txt", "C:", "docs\\..\\evil.txt", "..\\evil.txt"])
def test_windows_paths_that_escape_the_archive_are_unsafe(tmp_path, name):
    archive = tmp_path / "win.zip"
    archive.write_bytes(make_zip([(name, b"x"), ("ok.txt", b"fine")]))
    found = reasons([archive])
    assert (f"{archive}!{name}", (f"{archive}!{name}: unsafe path in the archive (absolute or "
            "with '..'): member not read"), False) in found  # fmt: skip
    assert (f"{archive}!ok.txt", "item", False) in found


def test_odd_members_hidden_under_backslashes_without_extension_and_named_thrice(tmp_path):
    archive = tmp_path / "odd.zip"
    pdf = (FILES / "table.pdf").read_bytes()
    with pytest.warns(UserWarning, match="Duplicate name"):  # zipfile allows it, and warns
        archive.write_bytes(make_zip([
            ("__MACOSX\\._contract.txt", b"resource fork"), ("scan", pdf), ("notes", b"plain"),
            ("x", b"one letter"), ("deal/c.txt", b"1"), ("deal/c.txt", b"2"), ("deal/c.txt", b"3"),
        ]))  # fmt: skip
    found = reasons([archive])
    assert found == [
        (f"{archive}!__MACOSX\\._contract.txt",
         f"{archive}!__MACOSX\\._contract.txt is a hidden or system file: skipped", True),
        (f"{archive}!deal/c.txt", "item", False),
        (f"{archive}!deal/c (2).txt", "item", False),
        (f"{archive}!deal/c (3).txt", "item", False),
        (f"{archive}!notes",
         f"{archive}!notes is not a contract file type (no extension): skipped", True),
        (f"{archive}!scan", "item", False),  # a PDF by its first bytes
        (f"{archive}!x", f"{archive}!x is not a contract file type (no extension): skipped",
         True),
    ]  # fmt: skip
    member = next(f for f in iter_inputs([archive]) if f.display_path.endswith("!scan"))
    assert (member.path, member.explicit, member.data) == (None, False, pdf)


def test_renamed_duplicates_keep_dotted_names_and_never_take_a_name_still_to_come(tmp_path):
    """"a\x07.txt" twice shows as "a?.txt" and "a? (2).txt"; a member really named
    "a? (2).txt" sorts after them and is numbered in turn, not stored under the same name.
    "contract.v2.pdf" twice: the number goes before the extension, not after the first dot."""
    archive = tmp_path / "dupes.zip"
    with pytest.warns(UserWarning, match="Duplicate name"):
        archive.write_bytes(make_zip([
            ("a\x07.txt", b"1"), ("a\x07.txt", b"2"), ("a? (2).txt", b"3"),
            ("contract.v2.pdf", b"%PDF-1.4"), ("contract.v2.pdf", b"%PDF-1.4"),
        ]))  # fmt: skip
    shown = [d.split("!", 1)[1] for d, _, _ in reasons([archive])]
    assert shown == ["a?.txt", "a? (2).txt", "a? (2) (2).txt", "contract.v2.pdf",
                     "contract.v2 (2).pdf"]  # fmt: skip


def test_a_header_claiming_no_compressed_bytes_is_refused_with_its_real_ratio():
    from extractor.errors import UnsafeArchive
    from extractor.read.inputs import check_member

    info = zipfile.ZipInfo("bomb.txt")
    info.file_size, info.compress_size = 2 * MB, 0
    with pytest.raises(UnsafeArchive) as refused:
        check_member(info, "x.zip!bomb.txt", ArchiveLimits())
    assert str(refused.value) == ("x.zip!bomb.txt is compressed 2097152:1 (limit 100:1): "
                                  "refusing a possible zip bomb")  # fmt: skip


def test_limits_are_inclusive(tmp_path):
    """A member of exactly the size limit, an archive of exactly the member limit and the total
    are read; one byte or one member more is refused (the tests above)."""
    assert [r for _, r, _ in reasons([FILES / "mixed.zip"], ArchiveLimits(max_members=5))] != [
        f"{FILES}/mixed.zip has 5 members (limit 5): refusing it"]  # fmt: skip
    assert len(reasons([FILES / "mixed.zip"], ArchiveLimits(max_total_bytes=380))) == 4
    assert reasons([FILES / "traversal.zip"], ArchiveLimits(max_member_bytes=195))[-1] == (
        f"{FILES}/traversal.zip!docs/contract.txt", "item", False)  # fmt: skip
    assert ArchiveLimits(max_depth=1, max_member_bytes=1, max_total_bytes=1, max_members=1,
                         max_ratio=1).max_ratio == 1  # the smallest limits are valid  # fmt: skip


def test_the_compression_ratio_is_checked_on_members_over_a_megabyte_only(tmp_path):
    archive = tmp_path / "zeros.zip"
    archive.write_bytes(make_zip([("small.txt", bytes(500_000)), ("mb.txt", bytes(1024 * 1024)),
                                  ("big.txt", bytes(1024 * 1024 + 1))]))  # fmt: skip
    with zipfile.ZipFile(archive) as opened:
        big = opened.getinfo("big.txt")
        ratio = big.file_size / big.compress_size
    found = {d.rsplit("!", 1)[1]: r for d, r, _ in reasons([archive])}
    assert found["small.txt"] == found["mb.txt"] == "item"  # 1000:1, but small: blank pages
    assert found["big.txt"] == (f"{archive}!big.txt is compressed {ratio:.0f}:1 (limit 100:1): "
                                "refusing a possible zip bomb")  # fmt: skip
    exactly = ArchiveLimits(max_ratio=ratio)  # at the limit: read
    assert {d.rsplit("!", 1)[1]: r for d, r, _ in reasons([archive], exactly)}["big.txt"] == "item"


def test_a_member_is_read_in_chunks_and_counted_across_them():
    from extractor.errors import UnsafeArchive
    from extractor.read import inputs

    data = bytes(range(256)) * (3 * 1024 * 16)  # 3 MB: three chunks
    archive = zipfile.ZipFile(io.BytesIO(make_zip([("big.txt", data)])))
    [info] = archive.infolist()
    reads = []

    class Spy:
        def open(self, member):
            stream = archive.open(member)
            real = stream.read
            stream.read = lambda n: reads.append(n) or real(n)
            return stream

    budget = inputs.Budget(10**9)
    assert inputs.read_member(Spy(), info, "big.txt", ArchiveLimits(), budget) == data
    assert reads and all(0 < n <= inputs.READ_CHUNK for n in reads)  # never read whole
    with pytest.raises(UnsafeArchive, match="unpacks to more than 2 MB"):
        inputs.read_member(archive, info, "big.txt", ArchiveLimits(max_member_bytes=2 * MB),
                           inputs.Budget(10**9))  # fmt: skip


def test_a_member_in_a_compression_we_cannot_read_is_damaged_not_fatal(tmp_path):
    data = bytearray(make_zip([("odd.txt", b"text " * 100), ("ok.txt", b"fine")]))
    for offset in (data.find(b"PK\x03\x04") + 8, data.find(b"PK\x01\x02") + 10):
        struct.pack_into("<H", data, offset, 97)  # compression method 97: none we know
    (tmp_path / "odd.zip").write_bytes(bytes(data))
    found = reasons([tmp_path / "odd.zip"])
    assert found[0][0] == f"{tmp_path}/odd.zip!odd.txt"
    assert found[0][1].startswith(f"{tmp_path}/odd.zip!odd.txt uses a compression method we "
                                  "cannot read (")  # fmt: skip
    assert found[1] == (f"{tmp_path}/odd.zip!ok.txt", "item", False)


def test_a_damaged_member_is_reported_under_its_own_name(tmp_path):
    data = bytearray(make_zip([("contract.txt", b"A" * 5000)], zipfile.ZIP_STORED))
    for offset in (data.find(b"PK\x03\x04") + 22, data.find(b"PK\x01\x02") + 24):
        struct.pack_into("<I", data, offset, 100)
    (tmp_path / "liar.zip").write_bytes(data)
    [(display, _, _)] = reasons([tmp_path / "liar.zip"])
    assert display == f"{tmp_path}/liar.zip!contract.txt"


def test_a_file_whose_name_has_a_control_character_loads_under_its_shown_name(tmp_path):
    odd = tmp_path / "bell\x07contract.txt"
    odd.write_text("SERVICES AGREEMENT between Acme Corp. and Widget LLC.")
    [item] = list(iter_inputs([odd]))
    assert item.display_path == f"{tmp_path}/bell?contract.txt"
    assert item.load().path == f"{tmp_path}/bell?contract.txt"


def test_input_item_refuses_both_or_neither_source_with_a_plain_message():
    with pytest.raises(ValueError) as both:
        InputItem("x.pdf", Path("x.pdf"), b"%PDF-", False)
    assert str(both.value) == "InputItem needs exactly one of path and data"


def test_the_default_limits_are_the_ones_documented(tmp_path):
    """200 MB a member, 16 GB and 100,000 members an archive, 100 folders deep: one more is
    refused with the limit named (sizes as the archive declares them, nothing is unpacked)."""
    from extractor.errors import UnsafeArchive
    from extractor.read.inputs import Budget, check_archive, check_member

    limits = ArchiveLimits()
    big = zipfile.ZipInfo("big.pdf")
    big.file_size = big.compress_size = 200 * MB + 1
    with pytest.raises(UnsafeArchive, match=r"\(limit 200 MB per member\): member not read"):
        check_member(big, "a.zip!big.pdf", limits)
    many = [zipfile.ZipInfo(f"{n}.txt") for n in range(100_001)]
    with pytest.raises(UnsafeArchive, match=r"has 100001 members \(limit 100000\)"):
        check_archive(many, "a.zip", limits, Budget(limits.max_total_bytes))
    huge = [zipfile.ZipInfo(f"{n}.pdf") for n in range(5)]
    for info in huge:
        info.file_size = 4 * 1024 * MB  # 5 x 4 GB declared
    with pytest.raises(UnsafeArchive, match=r"\(limit 16,384 MB per archive\)"):
        check_archive(huge, "a.zip", limits, Budget(limits.max_total_bytes))
    deep = tmp_path / "deep"
    (deep / "/".join(["d"] * 101)).mkdir(parents=True)
    [(display, reason, skipped)] = reasons([deep])
    assert reason == f"{display} is nested over 100 folders deep" and not skipped
    assert display.count("/d") == 101

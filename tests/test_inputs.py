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

from extractor.read.inputs import ArchiveLimits, InputItem, InputProblem, iter_inputs

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

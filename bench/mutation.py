"""Mutation score of the core modules: how many deliberate small bugs the tests catch.

    python bench/mutation.py                      # every module of bench/mutation.toml
    python bench/mutation.py --module output      # one module (repeat --module for more)
    python bench/mutation.py --survivors          # and the change each surviving mutant made
    python bench/mutation.py --again --survivors  # score the last run again (rules edited)
    python bench/mutation.py --retry --module numbers  # rerun its survivors on new tests
    python bench/mutation.py --json               # the table as JSON
    python bench/mutation.py --at de8eaaa --module dates  # the score of an older commit

For each module of bench/mutation.toml it copies the project into .mutation/NAME/, runs
``mutmut run`` there (mutating only that module's files, running only its focused tests), then
applies the hand-written [[handmade]] mutants (module constants and min/max swaps, which mutmut
does not try) one at a time and runs the same tests. It prints one row per module:

    killed / (killed + survived + not covered), equivalent mutants left out

"not covered" mutants (no focused test runs the function) count against the score. A surviving
mutant that an [[equivalent]] rule describes (its function, a pattern of its mutated line, and
why it cannot change behaviour) is left out of the score; so are the mutants of functions run
at import time (``import_time``), which mutmut switches on too late to matter: the
[[handmade]] mutants stand in for them. Run it under `nice` on a shared machine; the whole set takes tens of minutes on two
cores. Needs the dev extra (``pip install -e '.[dev]'``). Not run in CI.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "bench" / "mutation.toml"
SCRATCH = ROOT / ".mutation"
SOURCES = ("models", "extractor", "tracker")
TARGET = 0.90
KILLED = {1, 3, 36, -24, 24, 152, 255, -11, -9}  # a failing test, a timeout, a crash
SURVIVED = {0}
NOT_COVERED = {33, 5}


@dataclass
class Score:
    module: str
    killed: int = 0
    survived: list[tuple[str, str]] = field(default_factory=list)  # (file, mutant)
    not_covered: list[tuple[str, str]] = field(default_factory=list)
    equivalent: list[str] = field(default_factory=list)
    import_time: list[str] = field(default_factory=list)  # run at import: see mutation.toml
    other: list[str] = field(default_factory=list)  # suspicious, skipped, not checked
    handmade_killed: int = 0
    handmade_survived: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return (self.killed + self.handmade_killed + len(self.survived)
                + len(self.not_covered) + len(self.other) + len(self.handmade_survived))  # fmt: skip

    @property
    def score(self) -> float:
        return (self.killed + self.handmade_killed) / self.total if self.total else 1.0


def prepare(name: str, module: dict, root: Path = ROOT, work: Path | None = None) -> Path:
    """A fresh copy of the project (of ``root``: an older commit with --at) in .mutation/NAME
    with mutmut's settings for this module."""
    work = work or SCRATCH / name
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for folder in (*SOURCES, "tests"):
        shutil.copytree(root / folder, work / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))  # fmt: skip
    (work / "fixtures").symlink_to(ROOT / "fixtures")
    # mutmut runs the tests from its own copy in mutants/: they find the fixtures there too.
    (work / "mutants").mkdir()
    (work / "mutants" / "fixtures").symlink_to(ROOT / "fixtures")
    write_settings(work, module, root)
    return work


def write_settings(work: Path, module: dict, root: Path = ROOT) -> None:
    """mutmut's settings for this module (files to mutate, tests to run) in work's pyproject."""
    settings = "\n".join([
        "", "[tool.mutmut]",
        f"source_paths = {json.dumps(list(SOURCES))}",
        f"only_mutate = {json.dumps(module['mutate'])}",
        f"pytest_add_cli_args_test_selection = {json.dumps(module['tests'])}",
        'pytest_add_cli_args = ["-p", "no:cacheprovider"]',
        "use_git_change_detection = false", "",
    ])  # fmt: skip
    (work / "pyproject.toml").write_text((root / "pyproject.toml").read_text() + settings)


def at_commit(rev: str, module: dict) -> tuple[Path, dict]:
    """The project as it was at ``rev`` (git archive into .mutation/@REV/src), and the module
    with the test files of the selection that did not exist yet left out."""
    src = SCRATCH / f"@{rev}" / "src"
    if not src.is_dir():
        src.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True,
                                 check=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    tests = [t for t in module["tests"] if (src / t.split("::", 1)[0]).exists()]
    return src, {**module, "tests": tests}


def run_mutmut(work: Path, jobs: int) -> None:
    log = work / "mutmut.log"
    with log.open("w") as out:
        done = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs)],
                              cwd=work, stdout=out, stderr=subprocess.STDOUT, check=False)
    text = log.read_text(errors="replace")
    broken = ("failed to collect stats", "Failed to run clean test", "Stopping early")
    if done.returncode not in (0, 1) or any(sign in text for sign in broken):
        raise SystemExit(f"mutmut failed in {work} (exit {done.returncode}):\n{text[-2000:]}")


def retry_survivors(work: Path, module: dict, jobs: int) -> None:
    """Run the surviving mutants of the last run again on today's tests (the module's source
    must not have changed since: its mutants would differ). Much faster than a full run."""
    for source in module["mutate"]:
        if (ROOT / source).read_text() != (work / source).read_text():
            raise SystemExit(f"{source} changed since the last run of {work.name}: run it in full")
    shutil.rmtree(work / "tests")
    shutil.copytree(ROOT / "tests", work / "tests",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))  # fmt: skip
    shutil.rmtree(work / "mutants" / "tests", ignore_errors=True)
    (work / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)  # the tests changed
    write_settings(work, module)  # the selection may have grown
    shutil.copy(work / "pyproject.toml", work / "mutants" / "pyproject.toml")
    names = []
    for file in module["mutate"]:
        meta = json.loads((work / "mutants" / f"{file}.meta").read_text())
        names += [m for m, code in meta["exit_code_by_key"].items() if code not in KILLED]
    if not names:
        return
    with (work / "mutmut.log").open("a") as out:
        subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs),
                        *names], cwd=work, stdout=out, stderr=subprocess.STDOUT, check=False)


def mutant_diff(work: Path, file: str, mutant: str) -> str:
    """The mutant against the original function, as a unified diff (what `mutmut show` prints,
    read straight from the mutated file: one process, not one per mutant)."""
    functions = _functions(work / "mutants" / file)
    name = mutant.rsplit(".", 1)[-1]
    orig_name = name.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"
    original = functions.get(orig_name, "").replace(orig_name, name, 1)  # same def line
    changed = functions.get(name, "")
    diff = difflib.unified_diff(original.splitlines(), changed.splitlines(), lineterm="")
    return "\n".join(list(diff)[2:])


@functools.cache
def _functions(path: Path) -> dict[str, str]:
    # Whole lines by line number: ast.get_source_segment splits the file again on every call,
    # minutes on a mutated file of thousands of functions.
    source = path.read_text()
    lines = source.splitlines(keepends=True)
    return {node.name: "".join(lines[node.lineno - 1 : node.end_lineno])
            for node in ast.walk(ast.parse(source)) if isinstance(node, ast.FunctionDef)}


def changed_lines(diff: str, sign: str) -> list[str]:
    return [line[1:].strip() for line in diff.splitlines()
            if line.startswith(sign) and not line.startswith(sign * 3)]  # fmt: skip


_QUOTED = re.compile(r"('[^']*')")  # split keeps the quoted parts, at odd positions


def only_case_changed(before: list[str], after: list[str]) -> bool:
    """The mutant only changed the case of letters, and not inside '...' (an SQL value)."""

    def shape(line: str) -> str:
        parts = _QUOTED.split(line)
        return "".join(part if i % 2 else part.lower() for i, part in enumerate(parts))

    return len(before) == len(after) and before != after and all(
        shape(b) == shape(a) for b, a in zip(before, after))  # fmt: skip


def equivalent_reason(mutant: str, diff: str, rules: list[dict]) -> str | None:
    """The reason a surviving mutant is equivalent: the first [[equivalent]] rule whose
    ``function`` pattern matches its function and whose ``line`` pattern is found in the
    mutated line(s); with ``case_only`` the mutant must also change nothing but letter case
    outside quoted SQL values."""
    function = mutant.rsplit("__mutmut_", 1)[0]
    before, after = changed_lines(diff, "-"), changed_lines(diff, "+")
    for rule in rules:
        if not re.fullmatch(rule["function"], function):
            continue
        if not re.search(rule["line"], "\n".join(after)):
            continue
        if rule.get("case_only") and not only_case_changed(before, after):
            continue
        return rule["why"]
    return None


def collect(work: Path, name: str, module: dict, rules: list[dict]) -> Score:
    score = Score(name)
    at_import = set(module.get("import_time", []))
    for file in module["mutate"]:
        meta = json.loads((work / "mutants" / f"{file}.meta").read_text())
        for mutant, code in sorted(meta["exit_code_by_key"].items()):
            if code in KILLED:
                score.killed += 1
                continue
            if mutant.rsplit("__mutmut_", 1)[0] in at_import:
                score.import_time.append(mutant)
                continue
            if equivalent_reason(mutant, mutant_diff(work, file, mutant), rules):
                score.equivalent.append(mutant)
            elif code in SURVIVED:
                score.survived.append((file, mutant))
            elif code in NOT_COVERED:
                score.not_covered.append((file, mutant))
            else:
                score.other.append(f"{mutant} (exit {code})")
    return score


def run_handmade(work: Path, module: dict, handmade: list[dict], score: Score,
                 older: bool = False) -> None:  # fmt: skip
    """Each hand-written mutant in its own copy of the file, then the module's tests. In an
    older commit (``older``) a mutant whose text is not there yet is left out."""
    for entry in handmade:
        target = work / entry["file"]
        original = target.read_text()
        if older and original.count(entry["old"]) != 1:
            continue
        if original.count(entry["old"]) != 1:
            score.handmade_survived.append(f"{entry['bug']} (stale: text not found once)")
            continue
        target.write_text(original.replace(entry["old"], entry["new"]))
        try:
            tests = subprocess.run(
                [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "-p",
                 "no:cacheprovider", *module["tests"]],
                cwd=work, capture_output=True, text=True, check=False,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )  # fmt: skip
        finally:
            target.write_text(original)
        if tests.returncode == 0:
            score.handmade_survived.append(entry["bug"])
        else:
            score.handmade_killed += 1


def table(scores: list[Score]) -> str:
    head = (f"{'module':<10}{'mutants':>8}{'killed':>8}{'survived':>9}{'no test':>8}"
            f"{'equiv.':>7}{'import':>7}{'handmade':>9}{'score':>8}  minutes")  # fmt: skip
    lines = [head, "-" * len(head)]
    for s in scores:
        consts = f"{s.handmade_killed}/{s.handmade_killed + len(s.handmade_survived)}"
        mark = "" if s.score >= TARGET else "  < 90%"
        lines.append(
            f"{s.module:<10}{s.total:>8}{s.killed + s.handmade_killed:>8}"
            f"{len(s.survived) + len(s.handmade_survived):>9}{len(s.not_covered):>8}"
            f"{len(s.equivalent):>7}{len(s.import_time):>7}{consts:>9}{s.score:>8.1%}"
            f"  {s.seconds / 60:7.1f}{mark}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", help="only this module (repeatable)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--survivors", action="store_true", help="print surviving mutants' diffs")
    parser.add_argument("--no-handmade", action="store_true", help="skip the [[handmade]] mutants")
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    parser.add_argument("--at", metavar="REV",
                        help="score the code and tests of an older commit (the 'before' of a "
                             "change), in .mutation/NAME@REV")  # fmt: skip
    parser.add_argument("--retry", action="store_true",
                        help="run only the last run's surviving mutants again, on today's tests")
    parser.add_argument("--again", action="store_true",
                        help="score the last mutmut run of each module again (after editing the "
                             "[[equivalent]] rules) instead of running mutmut")
    args = parser.parse_args(argv)
    config = tomllib.loads(CONFIG.read_text())
    modules = config["modules"]
    unknown = set(args.module or ()) - set(modules)
    if unknown:
        parser.error(f"unknown module {', '.join(sorted(unknown))}: one of {', '.join(modules)}")
    scores = []
    for name in args.module or list(modules):
        started = time.monotonic()
        print(f"mutating {name}: {', '.join(modules[name]['mutate'])}", file=sys.stderr)
        module = modules[name]
        work = SCRATCH / (f"{name}@{args.at}" if args.at else name)
        if args.at and args.retry:
            parser.error("--retry reruns today's tests: not with --at")
        if (args.again or args.retry) and not (work / "mutants").is_dir():
            parser.error(f"{work} has no mutmut run yet")
        if args.at:
            root, module = at_commit(args.at, module)
        if args.retry:
            retry_survivors(work, module, args.jobs)
        elif not args.again:
            work = prepare(name, module, root if args.at else ROOT, work)
            run_mutmut(work, args.jobs)
        score = collect(work, name, module, config.get("equivalent", []))
        if not args.no_handmade:
            handmade = [c for c in config.get("handmade", []) if c["module"] == name]
            run_handmade(work, module, handmade, score, older=bool(args.at))
        score.seconds = time.monotonic() - started
        scores.append(score)
        if args.survivors:
            for file, mutant in score.survived + score.not_covered:
                diff = [line for line in mutant_diff(work, file, mutant).splitlines()
                        if line[:1] in "+-"]  # fmt: skip
                print(f"{mutant}: " + " | ".join(line.strip() for line in diff))
            for bug in score.handmade_survived:
                print(f"--- handmade: {bug}")
    if args.json:
        print(json.dumps([{**s.__dict__, "total": s.total, "score": round(s.score, 4)}
                          for s in scores], indent=2))  # fmt: skip
    else:
        print(table(scores))
    return 0 if all(s.score >= TARGET for s in scores) else 1


if __name__ == "__main__":
    sys.exit(main())

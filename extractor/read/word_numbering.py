"""Clause numbers Word draws but does not store in the text ("1.", "2.3", "(a)").

Word keeps list numbering in numbering.xml and counts at display time; a paragraph only holds a
list id and a level (directly or through its style). We count the same way for the common
cases so "3.2 Payment" keeps its "3.2": decimal, letter and roman formats, multi-level
templates such as "%1.%2", restarts per list id. Bullets give no label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LEVELS = 9
ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def attr(element: etree._Element | None, name: str = "val") -> str | None:
    return None if element is None else element.get(w(name))


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False  # isLgl: show every level as a decimal ("1.2.3")


@dataclass
class Numbering:
    """Counts list paragraphs in document order and returns their labels."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> Level
    style_lists: dict[str, tuple[str, int]] = field(
        default_factory=dict
    )  # styleId -> (numId, ilvl)
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    @classmethod
    def parse(cls, numbering: etree._Element | None, styles: etree._Element | None) -> Numbering:
        return cls(levels=parse_lists(numbering), style_lists=parse_style_lists(styles))

    def label(self, paragraph: etree._Element) -> str | None:
        """The label this paragraph shows ("1.", "(a)"), advancing the counters; None if none."""
        num_id, ilvl = self.list_of(paragraph)
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return None
        counts = self.counters.setdefault(num_id, [None] * LEVELS)
        current = counts[ilvl]
        counts[ilvl] = levels[ilvl].start if current is None else current + 1
        for deeper in range(ilvl + 1, LEVELS):
            counts[deeper] = None
        return render(levels, counts, ilvl) or None

    def list_of(self, paragraph: etree._Element) -> tuple[str | None, int]:
        num_pr = paragraph.find(f"{w('pPr')}/{w('numPr')}")
        style = attr(paragraph.find(f"{w('pPr')}/{w('pStyle')}"))
        num_id, ilvl = self.style_lists.get(style or "", (None, 0))
        if num_pr is not None:
            num_id = attr(num_pr.find(w("numId"))) or num_id
            ilvl = to_int(attr(num_pr.find(w("ilvl"))), ilvl)
        return num_id, min(max(ilvl, 0), LEVELS - 1)


def render(levels: dict[int, Level], counts: list[int | None], ilvl: int) -> str:
    level = levels[ilvl]
    if level.fmt in ("bullet", "none"):
        return ""
    text = level.text
    for n in range(ilvl + 1):
        placeholder = f"%{n + 1}"
        if placeholder in text:
            source = levels.get(n, Level())
            value = counts[n] if counts[n] is not None else source.start
            fmt = "decimal" if level.legal else source.fmt
            text = text.replace(placeholder, format_number(value, fmt))
    return text.strip()


def format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = to_roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def to_roman(value: int) -> str:
    out = []
    for amount, numeral in ROMAN:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out) or "0"


def to_int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def parse_levels(container: etree._Element) -> dict[int, Level]:
    levels = {}
    for lvl in container.iter(w("lvl")):
        ilvl = to_int(attr(lvl, "ilvl"), 0)
        levels[ilvl] = Level(
            start=to_int(attr(lvl.find(w("start"))), 1),
            fmt=attr(lvl.find(w("numFmt"))) or "decimal",
            text=attr(lvl.find(w("lvlText"))) or "",
            legal=lvl.find(w("isLgl")) is not None,
        )
    return levels


def parse_lists(root: etree._Element | None) -> dict[str, dict[int, Level]]:
    """numId -> its levels: the abstract list's, with any per-list overrides applied."""
    if root is None:
        return {}
    abstract = {attr(a, "abstractNumId"): parse_levels(a) for a in root.iter(w("abstractNum"))}
    lists = {}
    for num in root.iter(w("num")):
        levels = dict(abstract.get(attr(num.find(w("abstractNumId"))), {}))
        for override in num.iter(w("lvlOverride")):
            ilvl = to_int(attr(override, "ilvl"), 0)
            levels.update(parse_levels(override))
            start = attr(override.find(w("startOverride")))
            if start is not None and ilvl in levels:
                base = levels[ilvl]
                levels[ilvl] = Level(to_int(start, 1), base.fmt, base.text, base.legal)
        lists[attr(num, "numId")] = levels
    return lists


def parse_style_lists(root: etree._Element | None) -> dict[str, tuple[str, int]]:
    """styleId -> (numId, ilvl) for paragraph styles that number their paragraphs (List Number,
    numbered headings), following basedOn links."""
    if root is None:
        return {}
    direct, based_on = {}, {}
    for style in root.iter(w("style")):
        style_id = attr(style, "styleId")
        based_on[style_id] = attr(style.find(w("basedOn")))
        num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is not None:
            num_id = attr(num_pr.find(w("numId")))
            direct[style_id] = (num_id, to_int(attr(num_pr.find(w("ilvl"))), 0))
    resolved = {}
    for style_id in based_on:
        current, hops = style_id, 0
        while current is not None and current not in direct and hops < 10:
            current, hops = based_on.get(current), hops + 1
        if current in direct and direct[current][0]:
            resolved[style_id] = direct[current]
    return resolved

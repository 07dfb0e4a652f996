"""Issue 10, round 4: the tune part's misses, in general form with other numbers. Each test
runs ``contracts extract`` on a real file, as a user does."""

from __future__ import annotations

from tests.conftest import cli_extract_text

HEAD = ("ENDORSEMENT AGREEMENT\n\nThis Agreement is made as of March 1, 2021 between Acme Corp. "
        "(\"Company\") and Jane Roe (\"Athlete\"). The Contract Period shall commence on March 1, "
        "2021 and end on February 28, 2023.\n\n")  # fmt: skip


def extract_file(tmp_path, text: str, name: str = "agreement.txt") -> dict:
    return cli_extract_text(tmp_path, HEAD + text, name)


def test_equal_instalments_on_listed_days_of_each_contract_year_are_one_dated_series(tmp_path):
    """"a minimum royalty of $12,000 payable in two (2) equal installments of $6,000 ... on or
    before the fifteenth (15th) day of April and October in each Contract Year": two payments a
    year for the two-year term, dated, one series, marked for review (the count comes from the
    term)."""
    data = extract_file(tmp_path, (
        "7. Royalties. Company guarantees to Athlete a minimum royalty of Twelve Thousand Dollars "
        "($12,000) payable in two (2) equal installments of Six Thousand Dollars ($6,000) due on "
        "or before the fifteenth (15th) day of April and October in each Contract Year.\n"))
    fee = next(m for m in data["money"] if m["amount"] == 6_000.0)
    assert fee["class"] == "recurring"
    assert fee["recurrence"]["period"] == "semiannual"
    assert fee["recurrence"]["count"] == 4
    series = [m for m in data["milestones"] if m.get("amount") == 6_000.0]
    assert [m["due_date"] for m in series] == ["2021-04-15", "2021-10-15", "2022-04-15", "2022-10-15"]
    assert len({m["series"] for m in series}) == 1
    assert all(m["needs_review"] for m in series)
    assert not [m for m in data["milestones"] if m.get("amount") == 12_000.0]


def test_a_yearly_fee_under_a_sales_milestone_counts_from_that_milestone(tmp_path):
    """A milestone table row "Annual Net Sales over $200 Million" then "$4 Million per year for
    first three years": three yearly payments from the year that milestone is reached, not
    dated from the effective date."""
    data = extract_file(tmp_path, (
        "6. Milestones. Company shall make the following milestone payments upon the achievement "
        "of the indicated milestone:\n\n"
        "Milestone Amount\n"
        "First Commercial Sale $1 Million\n"
        "Annual Net Sales over\n"
        "$200 Million for the Product\n"
        "$4 Million per year for first three years for the Product\n"))
    series = [m for m in data["milestones"] if m.get("amount") == 4_000_000.0]
    assert len(series) == 3
    assert [m["due_date"] for m in series] == [None, None, None]
    rules = [m["due_rule"] for m in series]
    assert [r["offset"] for r in rules] == [0, 1, 2]
    assert {r["unit"] for r in rules} == {"years"}
    assert {r["anchor"] for r in rules} == {"milestone:Annual Net Sales over $200 Million for the Product"}
    assert len({m["series"] for m in series}) == 1

"""What the command modules share: the ``--db``, ``--json``, ``--as-of`` and extraction options,
and the parameter types for dates, milestone ids and day counts."""

from __future__ import annotations

import functools
import re
from datetime import date

import click

from models import ExtractionSettings
from tracker.queries import NotFound
from tracker.store import StoreError, default_db_path, open_store


def db_option(func):
    """The shared ``--db`` option; the CONTRACTS_DB environment variable sets its default."""

    @click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="SQLite store (default: $CONTRACTS_DB or ./contracts.db).",
    )
    @functools.wraps(func)
    def wrapper(*args, db_path=None, **kwargs):
        try:
            db = open_store(db_path or default_db_path())
        except StoreError as e:
            raise click.ClickException(str(e)) from e
        try:
            return func(*args, db=db, **kwargs)
        except NotFound as e:
            raise click.ClickException(str(e)) from e
        finally:
            db.conn.close()

    return wrapper


def json_option(func):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(func)


def settings_options(func):
    @click.option("--dayfirst", is_flag=True, help="Read 3/4/2025 as 3 April (default: March 4).")
    @click.option("--strict", is_flag=True, help="Stop on a clause that cannot be parsed.")
    @functools.wraps(func)
    def wrapper(*args, dayfirst=False, strict=False, **kwargs):
        return func(*args, settings=ExtractionSettings(dayfirst=dayfirst, strict=strict), **kwargs)

    return wrapper


class IsoDate(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        if value == "today":
            return date.today()
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date like 2025-03-05 (or 'today')", param, ctx)


class MilestoneId(click.ParamType):
    name = "MILESTONE"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"[mM]?(\d+)", value.strip())
        if not match:
            self.fail(f"{value!r} is not a milestone id like 12 or m12", param, ctx)
        return int(match.group(1))


class Days(click.ParamType):
    name = "DAYS"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"(\d+)\s*([dw]?)", value.strip().lower())
        if not match:
            self.fail(f"{value!r} is not a number of days like 30d, 30 or 4w", param, ctx)
        return int(match.group(1)) * (7 if match.group(2) == "w" else 1)


DATE, MILESTONE, DAYS = IsoDate(), MilestoneId(), Days()


def as_of_option(func):
    return click.option("--as-of", type=DATE, help="Date to compute from (default: today).")(func)



def printable(text: str) -> str:
    """No terminal control characters from file or member names reach the screen."""
    from extractor import readable_name

    return readable_name(text)


def errors_as_messages(*errors: type[Exception]):
    """A decorator that turns the library's ``errors`` into a one-line message and exit code 1."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except errors as e:
                raise click.ClickException(str(e)) from e

        return wrapper

    return decorate

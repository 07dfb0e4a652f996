"""The ``contracts`` command line: a thin layer over the library.

The commands live in modules by subject (``cli_store``: ingest and what is stored;
``cli_track``: the milestone lifecycle, views and exports; ``cli_monitor``: renewals, the
digest and schedule checks); this module is the group that
gathers them. Exit codes: 0 success; 1 an error the user can act on (a file failed to ingest,
a missing contract, an illegal status change); 2 a usage error (Click's own).
"""

from __future__ import annotations

import logging

import click

from tracker import cli_family, cli_monitor, cli_review, cli_store, cli_track, cli_web


@click.group()
@click.version_option(package_name="contracts")
@click.option("--verbose", "-v", is_flag=True, help="Log what the extractor warns about.")
def cli(verbose):
    """Turn signed contracts into tracked obligations.

    \b
    Example:
        $ contracts ingest fixtures/
        $ contracts list
        $ contracts show 1
    """
    # Document warnings are stored and shown by `show`; logging them too would garble the bar.
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s: %(message)s"
    )


for _module in (cli_store, cli_track, cli_review, cli_web, cli_monitor, cli_family):
    for _name, _command in _module.commands.commands.items():
        cli.add_command(_command, _name)


def main():  # pragma: no cover
    cli()

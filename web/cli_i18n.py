"""``sifa i18n``: refresh the gettext catalogues (developers; see docs/plugins.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from core.cli import cli


def _packages(package: Path | None, domain: str | None) -> list:
    from core.i18n_tools import first_party, plugin_package

    return [plugin_package(package, domain)] if package is not None else first_party()


_package_option = click.option(
    "--package",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="a plugin's package directory (third-party plugins); default: the core and every "
    "plugin of this checkout",
)
_domain_option = click.option("--domain", help="catalogue domain (default: the package name)")


@cli.group("i18n")
def i18n() -> None:
    """Translation catalogues (翻译目录): extract, update, compile, check."""


@i18n.command("extract")
@_package_option
@_domain_option
def extract_command(package: Path | None, domain: str | None) -> None:
    """Write each catalogue's template (``<locale>/<domain>.pot``) from the sources."""
    from core.i18n_tools import extract, write

    for found in _packages(package, domain):
        template = extract(found)
        write(template, found.locale_dir / f"{found.domain}.pot")
        click.echo(f"{found.domain}: {sum(1 for m in template if m.id)} msgids")


@i18n.command("update")
@_package_option
@_domain_option
def update_command(package: Path | None, domain: str | None) -> None:
    """Add new msgids to each ``.po`` (untranslated) and drop the ones the sources lost."""
    from core.i18n_tools import update

    for found in _packages(package, domain):
        click.echo(f"{found.domain}: {update(found)}")


@i18n.command("compile")
@_package_option
@_domain_option
def compile_command(package: Path | None, domain: str | None) -> None:
    """Compile every ``.po`` to ``.mo`` (the package build and first use do this too)."""
    from core.i18n_tools import compile_all

    for found in _packages(package, domain):
        for path in compile_all(found):
            click.echo(str(path))


@i18n.command("check")
@_package_option
@_domain_option
def check_command(package: Path | None, domain: str | None) -> None:
    """List untranslated, fuzzy and stale entries; exit 1 if there are any."""
    from core.i18n_tools import check

    failed = False
    for found in _packages(package, domain):
        problems = check(found)
        for kind in ("untranslated", "fuzzy", "stale", "placeholders"):
            for msgid in getattr(problems, kind):
                click.echo(f"{found.domain}\t{kind}\t{msgid}")
        failed = failed or bool(problems)
    sys.exit(1 if failed else 0)

"""The ``referralgraph`` command: a thin shell over the public Python API.

Each command lives in its own ``_cmd_<name>.py`` module that defines ``commands``
(a list of click commands); they are found and registered here, so adding a
command never touches another command's file.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

from ._common import CONTEXT_SETTINGS

__all__ = ["main", "cli"]


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="referralgraph", prog_name="referralgraph")
def cli() -> None:
    """Turn informational interviews and the introductions they lead to into a network you can measure and map.

    \b
    Start with the demo:
        referralgraph demo --out demo-output
    Then your own data:
        referralgraph init my-search        # template CSV files
        referralgraph validate my-search    # check them
    """


for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name.startswith("_cmd_"):
        for _command in importlib.import_module(f"{__name__}.{_info.name}").commands:
            cli.add_command(_command)


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="referralgraph")

"""The ``referralgraph`` command: a thin shell over the public Python API.

Each command lives in its own ``_cmd_<name>.py`` module that defines ``commands``
(a list of click commands). The group below knows every command's name, module and
one-line help, and imports a command's module only when that command runs, so
``referralgraph --help`` and ``--version`` answer without loading pandas.
A test checks that :data:`COMMANDS` matches the modules.
"""

from __future__ import annotations

import importlib
import sys

import click

from ._common import CONTEXT_SETTINGS

__all__ = ["main", "cli", "COMMANDS", "all_commands"]

#: command name -> (module, one-line help shown by ``referralgraph --help``)
COMMANDS: dict[str, tuple[str, str]] = {
    "cohort": (
        "_cmd_cohort",
        "Compare the seekers of a cohort: one row per seeker, the funnel, mixing, and a k-anonymous export.",
    ),
    "combine": (
        "_cmd_combine",
        "Combine separate searches (folders of CSV files, workbooks, Parquet folders) into one cohort at OUT.",
    ),
    "demo": ("_cmd_demo", "Write the demo search (one student's four months of networking) and print its report."),
    "export": ("_cmd_export", "Export a network to CSV, Parquet, xlsx, JSON, GraphML or GEXF."),
    "forecast": (
        "_cmd_forecast",
        "Project how many contacts your network will reach, week by week, with an 80% interval.",
    ),
    "import-contacts": (
        "_cmd_import_contacts",
        "Add contacts from an address book (Google, Outlook, vCard) or LinkedIn export to the network in DIR.",
    ),
    "import-history": (
        "_cmd_import_history",
        "Fill the search in SOURCE with past meetings, thank-you times and last touches from calendar and mail exports.",
    ),
    "import-linkedin": (
        "_cmd_import_linkedin",
        "Add LinkedIn connections (Connections.csv) to the network in DIR, or start a network there.",
    ),
    "undo-import": (
        "_cmd_undo_import",
        "Put back the files the last import-linkedin or import-contacts changed in DIR.",
    ),
    "init": ("_cmd_init", "Start your own network: write contacts.csv, introductions.csv and meetings.csv to FOLDER."),
    "log": ("_cmd_log", "Log a conversation, an introduction, a thank-you or an opportunity into the files of SOURCE."),
    "map": ("_cmd_map", "Draw an interactive map of the network as one HTML file that works offline."),
    "metrics": ("_cmd_metrics", "Write the metric tables (see docs/metrics.md for every column)."),
    "next": ("_cmd_next", "Print a short, prioritised to-do list, grouped by the networking habit each action serves."),
    "partition": (
        "_cmd_partition",
        "Write a cohort as a Parquet dataset bucketed by seeker, for metrics past one machine.",
    ),
    "plot": ("_cmd_plot", "Draw a static plot of a network into a .png, .svg or .pdf file."),
    "report": ("_cmd_report", "Print how your network grew, how far it reaches and who opened the most doors."),
    "settings": ("_cmd_settings", "Show or change the settings kept with the network in SOURCE."),
    "validate": ("_cmd_validate", "Check a folder of CSV files or an .xlsx workbook and list every problem."),
}


class LazyGroup(click.Group):
    """A click group that imports a command's module on first use (see :data:`COMMANDS`).

    It also makes every mistake on the command line look the same: a usage error
    (an unknown option, a value outside its choices, a missing argument) is one
    ``Error:`` line and exit code 1, like every other error, instead of click's
    usage block and exit code 2.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else (prog_name or "referralgraph")
            click.echo(f"Error: {' '.join(exc.format_message().split())} (see '{where} --help')", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def list_commands(self, ctx):
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx, name):
        if name in self.commands:
            return self.commands[name]
        if name not in COMMANDS:
            return None
        module = importlib.import_module(f"{__name__}.{COMMANDS[name][0]}")
        for command in module.commands:
            self.commands.setdefault(command.name, command)
        return self.commands.get(name)

    def format_commands(self, ctx, formatter):
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(n) for n in names), default=0)
        rows = []
        for name in names:
            if name in self.commands:
                help_text = self.commands[name].get_short_help_str(limit=limit)
            else:
                help_text = _short(COMMANDS[name][1], limit)
            rows.append((name, help_text))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _short(text: str, limit: int) -> str:
    """``text`` cut at a word to fit ``limit`` characters, with ``...``, as click shortens a command's help."""
    if len(text) <= limit:
        return text
    words, out = text.split(), ""
    for word in words:
        if len(out) + len(word) + 1 + 3 > limit:
            break
        out = f"{out} {word}" if out else word
    return out + "..."


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
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


def all_commands() -> dict[str, click.Command]:
    """Every command, loaded (for documentation and tests), by name."""
    return {name: cli.get_command(None, name) for name in cli.list_commands(None)}


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="referralgraph")

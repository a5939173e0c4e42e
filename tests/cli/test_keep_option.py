"""``--keep COLUMN`` on ``map`` and ``export``: what an anonymised copy keeps, and the k it reaches."""

import re

import pandas as pd
import pytest
from click.testing import CliRunner

import referralgraph as rg
from referralgraph.cli import cli


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return rg.save(rg.demo(), tmp_path_factory.mktemp("demo") / "search")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


class TestExportKeep:
    def test_default_is_safe(self, source, tmp_path):
        result = run("export", source, tmp_path / "anon", "--anonymize")
        assert result.exit_code == 0, result.output
        assert "anonymised, k = 5" in result.output
        contacts = pd.read_csv(tmp_path / "anon" / "contacts.csv")
        assert "organization" not in contacts.columns and "role" not in contacts.columns

    def test_keep_columns(self, source, tmp_path):
        result = run("export", source, tmp_path / "anon", "--anonymize", "--keep", "organization", "--keep", "field")
        assert result.exit_code == 0, result.output
        contacts = pd.read_csv(tmp_path / "anon" / "contacts.csv")
        assert {"organization", "field"} <= set(contacts.columns) and "source" not in contacts.columns
        people = contacts[contacts["is_seeker"].astype(str).str.lower() != "true"]
        k = int(re.search(r"k = (\d+)", result.output).group(1))
        assert k >= 5 and people[["organization", "field"]].fillna("").value_counts().min() == k

    def test_keep_needs_anonymize(self, source, tmp_path):
        result = run("export", source, tmp_path / "x", "--keep", "field")
        assert result.exit_code == 1 and "--keep only makes sense with --anonymize" in result.output


class TestMapKeep:
    def test_keep_organization(self, source, tmp_path):
        out = tmp_path / "m.html"
        result = run("map", source, "-o", out, "--anonymize", "--keep", "organization", "--seeker", "maya")
        assert result.exit_code == 0, result.output
        page = out.read_text(encoding="utf-8")
        assert "Maya" not in page and "Lakeshore University" in page  # a common organization survives
        assert "Fernway" not in page  # Priya's organization: fewer than 5 people

    def test_default_drops_organization(self, source, tmp_path):
        out = tmp_path / "m.html"
        assert run("map", source, "-o", out, "--anonymize").exit_code == 0
        assert "Lakeshore University" not in out.read_text(encoding="utf-8")

    def test_keep_needs_anonymize(self, source, tmp_path):
        result = run("map", source, "-o", tmp_path / "m.html", "--keep", "field")
        assert result.exit_code == 1 and "--keep only makes sense with --anonymize" in result.output

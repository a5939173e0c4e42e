"""The one name matcher: folding, finding, suggestions; the map's JavaScript agrees on one list of names."""

import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.model.names import find_person, fold_name, fold_names, suggest

NAMES_JS = Path(rg.__file__).parent / "drawing" / "maps" / "templates" / "names.js"
CHROMIUM = "/usr/bin/chromium"

#: (as stored, as typed) pairs that must fold equal
SAME = [
    ("José García", "jose garcia"),
    ("Elif Yıldız", "ELIF YILDIZ"),
    ("Jürgen Müller", "jurgen muller"),
    ("Jürgen Groß", "Jurgen Gross"),
    ("Søren Kierkegaard", "soren kierkegaard"),
    ("Łukasz Żółć", "lukasz zolc"),
    ("Ærø Œuvre", "aero oeuvre"),
    ("Þór Guðmundsson", "thor gudmundsson"),
    ("Đorđe Balašević", "djorde"[0] + "orde balasevic"),
    ("İlkay Gündoğan", "ilkay gundogan"),
    ("O'Neil", "ONeil"),
    ("D’Arcy", "darcy"),
    ("Jean-Luc Picard", "jean luc picard"),
    ("Ann   Lee", " ann lee "),
    ("Nguyễn Văn An", "nguyen van an"),
    ("François Ñúñez", "francois nunez"),
    ("ΟΔΥΣΣΕΥΣ", "οδυσσευς"),
    ("Dvořák, Jr.", "dvorak jr"),
    (unicodedata.normalize("NFD", "Zoë"), "Zoe"),
    ("ﬁona", "fiona"),
    ("ǅemal", "dzemal"),
]
#: a list of names both sides fold (stored and typed forms, and odd ones)
NAMES = [n for pair in SAME for n in pair] + [
    "北京 市",
    "محمد علي",
    "Ελένη",
    "Анна Петрова",
    "",
    "   ",
    "--",
    "A.B.",
    "x\u200by",
    "Straße",
    "ẞ",
    "Ⅻ",
    "１２３",
    "ǈubica",
    "Hyun-woo 김",
]


class TestFold:
    @pytest.mark.parametrize("stored, typed", SAME)
    def test_typed_without_accents_folds_equal(self, stored, typed):
        assert fold_name(stored) == fold_name(typed)

    def test_examples(self):
        assert fold_name("  Elif   Yıldız ") == "elif yildiz"
        assert fold_name("Straße") == "strasse"
        assert fold_name(None) == "" and fold_name(12) == ""

    def test_vectorised_equals_one_by_one(self):
        assert fold_names(NAMES).tolist() == [fold_name(n) for n in NAMES]

    def test_empty(self):
        assert fold_names([]).tolist() == []


IDS = ["me", "jose", "elif", "ann", "ann-lee", "ann-kim", "bo"]
PEOPLE = ["Maya", "José García", "Elif Yıldız", "Ann", "Ann Lee", "Ann Kim", "Bo Chen"]


class TestFindPerson:
    @pytest.mark.parametrize(
        "query, expected, rule",
        [
            ("jose", [1], "id"),
            ("Jose Garcia", [1], "name"),
            ("elif yildiz", [2], "name"),
            ("Elif Y", [2], "prefix"),
            ("garc", [1], "prefix"),
            ("ANN LEE", [4], "name"),
            ("ann-lee", [4], "id"),
            ("Ann-Kim", [5], "name"),
            ("ANN-KI", [5], "prefix"),
            ("Jos", [1], "prefix"),
            ("bo c", [6], "prefix"),
            ("nobody", [], ""),
            ("", [], ""),
            ("Ann", [3], "name"),
        ],
    )
    def test_rules(self, query, expected, rule):
        m = find_person(query, IDS, PEOPLE)
        assert m.codes.tolist() == expected and m.rule == rule

    def test_several_word_starts(self):
        assert find_person("yil", ["a", "b"], ["Elif Yıldız", "Cem Yılmaz"]).codes.tolist() == [0, 1]

    def test_new_person_is_not_a_prefix(self):
        """Issue 23: a new 'Ann' can be added when only 'Ann Lee' exists."""
        assert find_person("Ann", ["ann-lee"], ["Ann Lee"], prefix=False).codes.tolist() == []
        assert find_person("Ann", ["ann-lee"], ["Ann Lee"]).codes.tolist() == [0]
        assert find_person("ann lee", ["ann-lee"], ["Ann Lee"], prefix=False).codes.tolist() == [0]

    def test_id_that_others_share_by_name_says_so(self):
        m = find_person("ann", ["ann", "a2", "a3"], ["Ann", "Ann Lee", "Ann Kim"])
        assert m.codes.tolist() == [0] and m.rule == "id"
        assert "2 other contacts also match by name: a2 (Ann Lee), a3 (Ann Kim)" in m.note

    def test_suggest(self):
        assert suggest("Ann Le", ["ann", "Ann Lee"]) == ["Ann Lee"]
        assert suggest("Jose Garsia", ["José García", "Bo"]) == ["José García"]
        assert suggest("zzz", ["Ann"]) == []


class TestNetworkLookups:
    @pytest.fixture
    def net(self):
        return rg.from_frames(pd.DataFrame({"id": IDS, "name": PEOPLE, "is_seeker": ["yes"] + [""] * 6}))

    def test_contact_by_typed_name(self, net):
        assert net.contact("jose garcia")["id"] == "jose"
        assert net.code("Elif Yildiz") == 2

    def test_contact_ambiguous_and_unknown(self, net):
        two = rg.from_frames(
            pd.DataFrame({"id": ["me", "al", "ak"], "name": ["Me", "Ann Lee", "Ann Kim"], "is_seeker": ["yes", "", ""]})
        )
        with pytest.raises(rg.ContactNotFound, match=r"'ann' matches 2 contacts: al \(Ann Lee\); ak \(Ann Kim\)"):
            two.code("ann")
        with pytest.raises(rg.ContactNotFound, match="'a' is not in the network"):
            net.code("a")  # too short for word starts
        with pytest.raises(rg.ContactNotFound, match="did you mean 'Bo Chen'"):
            net.code("Bo Chan")

    def test_seeker_by_name(self, net):
        assert net.seeker_position("maya") == 0
        assert net.seeker_position("MAYA") == 0
        with pytest.raises(rg.SeekerNotFound):
            net.seeker_position("José García")  # a contact, not a seeker

    def test_log_finds_typed_names(self, net):
        out = rg.log_thanks(
            rg.log_meeting(net, "Elif Yildiz", date="2026-02-01 10:00"), "elif", date="2026-02-01 20:00"
        )
        assert out.meetings["contact"].tolist() == ["elif"]
        assert out.meetings["thank_you_sent"].notna().all()

    def test_new_ann_beside_ann_lee(self):
        net = rg.from_frames(
            pd.DataFrame({"id": ["me", "ann-lee"], "name": ["Me", "Ann Lee"], "is_seeker": ["yes", ""]})
        )
        out = rg.log_meeting(net, "Ann", new=True, date="2026-02-01")
        assert out.contacts["name"].tolist() == ["Me", "Ann Lee", "Ann"]

    def test_id_shared_by_name_warns(self, net):
        with pytest.warns(rg.ReferralGraphWarning, match="'ann' is the id of Ann; 2 other contacts also match"):
            out = rg.log_meeting(net, "ann", date="2026-02-01")
        assert out.meetings["contact"].tolist() == ["ann"]


def _fold_in_js(names, queries):
    """Run templates/names.js on ``names`` in node (or headless Chromium): folds and find() answers."""
    script = NAMES_JS.read_text(encoding="utf-8")
    node = shutil.which("node") or shutil.which("nodejs")
    if node:
        driver = (
            "const RG = require(process.argv[1]); const a = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
            "process.stdout.write(JSON.stringify({folds: RG.foldAll(a.names), "
            "finds: a.queries.map(q => RG.find(q, a.ids, a.names))}));"
        )
        out = subprocess.run(
            [node, "-e", driver, str(NAMES_JS)],
            input=json.dumps({"names": names, "ids": IDS, "queries": queries}),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return json.loads(out.stdout)
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("neither node nor chromium: the JavaScript matcher cannot be checked")
        pytest.skip("neither node nor chromium is installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        page.add_script_tag(content=script)
        got = page.evaluate(
            "(a) => ({folds: RGNames.foldAll(a.names), finds: a.queries.map(q => RGNames.find(q, a.ids, a.names))})",
            {"names": names, "ids": IDS, "queries": queries},
        )
        browser.close()
        return got


SHORT_IDS = ["me", "bo-chen", "li-wei", "alice-ng", "al-hart"]
SHORT_PEOPLE = ["Maya", "Bo Chen", "Li Wei", "Alice Ng", "Al Hart"]
SHORT_QUERIES = ["bo", "Li", "al", "a", "ng", "we", "Bo C", "lo"]


def test_a_short_first_name_typed_whole_finds_the_person():
    """Issue 20 item 6, found in a week of use: `log thanks DIR bo` for Bo Chen (2 letters: whole words only)."""
    found = {q: find_person(q, SHORT_IDS, SHORT_PEOPLE).codes.tolist() for q in SHORT_QUERIES}
    assert found == {"bo": [1], "Li": [2], "al": [4], "a": [], "ng": [3], "we": [], "Bo C": [1], "lo": []}
    assert find_person("bo", SHORT_IDS, SHORT_PEOPLE, prefix=False).codes.tolist() == []  # a new person stays new


class TestJavaScriptAgrees:
    QUERIES = [
        "jose",
        "Jose Garcia",
        "elif yildiz",
        "Elif Y",
        "garc",
        "ANN LEE",
        "ann-lee",
        "Ann-Kim",
        "bo c",
        "nobody",
        "",
        "Ann",
        "an",
        "ELİF",
        "yıl",
        "bo",
        "BO",
        "b",
        "c.",
        "e",
    ]

    def test_same_folds_and_same_answers(self):
        got = _fold_in_js(NAMES, self.QUERIES)
        assert got["folds"] == [fold_name(n) for n in NAMES]
        py = [find_person(q, IDS, PEOPLE) for q in self.QUERIES]
        js = _fold_in_js(PEOPLE, self.QUERIES)["finds"]
        assert [(j["codes"], j["rule"]) for j in js] == [(m.codes.tolist(), m.rule) for m in py]

    def test_short_names_the_same_way(self, monkeypatch):
        monkeypatch.setattr(sys.modules[__name__], "IDS", SHORT_IDS)
        js = _fold_in_js(SHORT_PEOPLE, SHORT_QUERIES)["finds"]
        py = [find_person(q, SHORT_IDS, SHORT_PEOPLE) for q in SHORT_QUERIES]
        assert [(j["codes"], j["rule"]) for j in js] == [(m.codes.tolist(), m.rule) for m in py]


class TestCommandLine:
    @pytest.fixture
    def folder(self, tmp_path):
        net = rg.from_frames(
            pd.DataFrame(
                {
                    "id": ["maya", "ann", "ann-lee", "elif"],
                    "name": ["Maya Park", "Ann", "Ann Lee", "Elif Yıldız"],
                    "is_seeker": ["yes", "", "", ""],
                }
            )
        )
        return rg.save(net, tmp_path / "net")

    def test_log_and_seeker_by_typed_name(self, run, folder):
        out = run("log", "meeting", folder, "Elif Yildiz", "--date", "2026-02-01 10:00", "--seeker", "maya park")
        assert out.exit_code == 0 and "conversation with Elif Yıldız" in out.output
        out = run("log", "thanks", folder, "elif yildiz", "--date", "2026-02-01 18:00")
        assert out.exit_code == 0 and "thank-you to Elif Yıldız" in out.output

    def test_id_wins_and_says_so(self, run, folder):
        out = run("log", "meeting", folder, "ann", "--date", "2026-02-01 10:00")
        assert out.exit_code == 0
        assert "'ann' is the id of Ann; 1 other contact also matches by name: ann-lee (Ann Lee)" in out.output
        assert (folder / "meetings.csv").read_text().splitlines()[-1].startswith("ann,")

    def test_new_ann_when_ann_lee_exists(self, run, tmp_path):
        folder = rg.save(
            rg.from_frames(
                pd.DataFrame({"id": ["maya", "ann-lee"], "name": ["Maya", "Ann Lee"], "is_seeker": ["yes", ""]})
            ),
            tmp_path / "n2",
        )
        out = run("log", "meeting", folder, "Ann", "--new", "--date", "2026-02-01 10:00")
        assert out.exit_code == 0, out.output
        assert "Ann" in rg.load(folder).contacts["name"].tolist()

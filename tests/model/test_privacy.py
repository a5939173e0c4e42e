"""Anonymisation: pseudonyms, what is removed, what is kept, and that nothing private reaches any export."""

import html
import re
import warnings
import zipfile

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.exceptions import OptionError, SchemaError
from referralgraph.model.privacy import DEFAULT_K, DEFAULT_KEEP, OTHER, WITHHELD, anonymize


def in_original_order(net, anon, salt):
    """``anon.contacts`` in the original's row order (the copy sorts them by pseudonym)."""
    from referralgraph.model.privacy import _key, _pseudonyms

    ids = net.contacts["id"].astype("str").tolist()
    pseudonyms = _pseudonyms(ids, net.contacts["is_seeker"].to_numpy(dtype=bool), _key(salt))
    return anon.contacts.set_index("id", drop=False).loc[pseudonyms].reset_index(drop=True)


def private_net():
    contacts = pd.DataFrame(
        {
            "id": ["maya-chen", "ann-lee", "bo-park", "cy-diaz"],
            "name": ["Maya Chen", "Ann Lee", "Bo Park", "Cy Diaz"],
            "organization": [
                "State U",
                "Acme (call +1 (555) 013-2447)",
                "Beta Labs",
                "see www.cydiaz-consulting.com/me",
            ],
            "role": ["student", "engineer", "recruiter", "mail cy.diaz@gamma.example"],
            "field": ["health", "software", "hr", "health"],
            "email": ["maya@uni.example", "ann.lee@acme.example", "", "cy.diaz@gamma.example"],
            "linkedin": ["", "https://www.linkedin.com/in/ann-lee-42", "linkedin.com/in/bo-park", ""],
            "first_contact": ["", "2026-01-02", "2026-01-09", ""],
            "source": ["", "alumni", "event", "referral"],
            "tags": ["", "Ann's group", "", ""],
            "notes": ["", "Ann's cell 555-867-5309", "Bo Park likes tea", ""],
            "is_seeker": ["yes", "", "", ""],
            "home_address": ["", "12 Elm St", "", ""],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": ["ann-lee", "bo-park"],
            "introduced": ["bo-park", "cy-diaz"],
            "date": ["2026-01-05", "2026-01-20"],
            "status": ["met", "introduced"],
            "notes": ["Ann wrote to Bo Park", ""],
        }
    )
    meetings = pd.DataFrame(
        {
            "contact": ["ann-lee", "bo-park"],
            "date": ["2026-01-03 10:00", "2026-01-10"],
            "kind": ["coffee", "call"],
            "asked_for_introductions": ["yes", "no"],
            "takeaways": ["Ann Lee says apply early", "call 0049 30 1234567"],
            "notes": ["maya@uni.example", ""],
            "handwritten_note": ["2026-01-04", "no"],
        }
    )
    return rg.from_frames(contacts, intros, meetings)


SECRETS = [
    "maya-chen",
    "ann-lee",
    "bo-park",
    "cy-diaz",
    "Maya",
    "Chen",
    "Ann Lee",
    "Bo Park",
    "Cy Diaz",
    "maya@uni.example",
    "ann.lee@acme.example",
    "cy.diaz@gamma.example",
    "linkedin.com",
    "ann-lee-42",
    "cydiaz",
    "555",
    "867-5309",
    "1234567",
    "Elm St",
    "likes tea",
    "apply early",
    "Ann's",
]


class TestAnonymize:
    def test_pseudonyms_replace_ids_and_names(self):
        anon = anonymize(private_net(), salt="s")
        ids = in_original_order(private_net(), anon, "s")["id"].tolist()
        assert ids[0].startswith("seeker-") and all(i.startswith("person-") for i in ids[1:])
        assert anon.contacts["id"].tolist() == sorted(ids)  # rows in pseudonym order: order tells nothing
        assert all(len(i.split("-")[1]) == 8 for i in ids)
        assert anon.contacts["name"].tolist() == anon.contacts["id"].tolist()
        assert anon.seekers == [ids[0]]
        assert set(anon.introductions["introducer"]) | set(anon.introductions["introduced"]) <= set(ids)
        assert set(anon.meetings["contact"]) <= set(ids) and set(anon.meetings["seeker"]) == {ids[0]}

    def test_same_salt_same_pseudonyms(self):
        a = anonymize(private_net(), salt="secret")
        b = anonymize(private_net(), salt="secret")
        c = anonymize(private_net(), salt="other")
        assert a.equals(b)
        assert a.contacts["id"].tolist() != c.contacts["id"].tolist()

    def test_default_salt_is_random(self):
        a, b = anonymize(private_net()), anonymize(private_net())
        assert a.contacts["id"].tolist() != b.contacts["id"].tolist()

    def test_columns_removed_and_kept(self):
        anon = anonymize(private_net(), salt="s", keep=("organization", "role", "field", "source"), k=1)
        contacts = in_original_order(private_net(), anon, "s")
        assert list(anon.contacts.columns) == [
            "id",
            "name",
            "organization",
            "role",
            "field",
            "first_contact",
            "source",
            "is_seeker",
        ]
        assert list(anon.introductions.columns) == ["introducer", "introduced", "date", "seeker", "status"]
        assert list(anon.meetings.columns) == [
            "contact",
            "date",
            "seeker",
            "kind",
            "asked_for_introductions",
            "handwritten_note",
            "handwritten_note_date",
        ]
        assert contacts["organization"].tolist() == ["State U", "Acme (call [removed])", "Beta Labs", "see [removed]"]
        assert contacts["role"].tolist()[3] == "mail [removed]"
        assert contacts["field"].tolist() == ["health", "software", "hr", "health"]

    def test_default_drops_quasi_identifiers(self):
        anon = anonymize(private_net(), salt="s")
        assert list(anon.contacts.columns) == ["id", "name", "field", "first_contact", "source", "is_seeker"]
        # three contacts (and one seeker): no value can be shared by 5, so everything kept is withheld
        assert set(anon.contacts["field"]) == {WITHHELD}

    def test_keep_option(self):
        anon = anonymize(private_net(), salt="s", keep=("field", "notes"), k=1)
        assert "organization" not in anon.contacts.columns and "field" in anon.contacts.columns
        notes = in_original_order(private_net(), anon, "s")["notes"].tolist()
        assert notes[1] == "[name]'s cell [removed]" and notes[2] == "[name] [name] likes tea"
        assert "notes" in anon.introductions.columns
        assert list(anonymize(private_net(), keep=()).contacts.columns) == ["id", "name", "first_contact", "is_seeker"]

    def test_same_structure(self):
        net = private_net()
        anon = anonymize(net, salt="s")
        mine, theirs = net.tree_table(), anon.tree_table()
        assert mine.shape == theirs.shape
        assert mine["generation"].tolist() == theirs["generation"].tolist()
        assert mine["date"].equals(theirs["date"]) and mine["status"].tolist() == theirs["status"].tolist()
        for array in ("parent", "generation"):
            assert np.array_equal(getattr(net.index, array), getattr(anon.index, array))
        assert sorted(net.index.descendants) == sorted(anon.index.descendants)
        assert anon.graph.number_of_edges() == net.graph.number_of_edges()

    def test_demo_structure(self):
        net = rg.demo()
        anon = anonymize(net, salt="s")
        assert net.tree_table()["generation"].tolist() == anon.tree_table()["generation"].tolist()
        assert len(set(anon.contacts["id"])) == len(net)

    def test_does_not_change_the_network(self):
        net = private_net()
        before = net.contacts
        anonymize(net)
        pd.testing.assert_frame_equal(net.contacts, before)

    def test_keep_cannot_name_id_or_name(self):
        with pytest.raises(SchemaError, match="keep names 'name', which anonymize always replaces with pseudonyms"):
            anonymize(private_net(), keep=("name", "field"))

    def test_keep_must_be_column_names(self):
        with pytest.raises(SchemaError, match="keep must be a list of column names"):
            anonymize(private_net(), keep="organization")
        with pytest.raises(SchemaError, match="keep must be a list of column names"):
            anonymize(private_net(), keep=(1, 2))

    def test_not_a_network(self):
        with pytest.raises(TypeError, match="net must be a ReferralNetwork"):
            anonymize(pd.DataFrame())

    def test_pseudonym_clashes_get_longer(self):
        from referralgraph.model import privacy

        ids = [f"id{k}" for k in range(3000)]
        out = privacy._pseudonyms(ids, np.zeros(len(ids), bool), b"k")
        assert len(set(out)) == len(ids)

    def test_default_keep(self):
        assert DEFAULT_KEEP == ("field", "source") and DEFAULT_K == 5

    def test_bad_k(self):
        with pytest.raises(OptionError, match="k must be an integer >= 1"):
            anonymize(private_net(), k=0)

    def test_empty(self):
        net = rg.from_frames(pd.DataFrame({"name": pd.Series([], dtype="str")}))
        anon = anonymize(net, salt="s")
        assert len(anon) == 0 and anon.tree_table().empty


def demo_k(**kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the demo is large enough: no warning
        return anonymize(rg.demo(), salt="s", **kwargs)


def group_sizes(anon, columns):
    people = anon.contacts[~anon.contacts["is_seeker"]]
    return people[columns].astype("str").apply(lambda c: c.str.strip().str.casefold()).value_counts(dropna=False)


class TestKAnonymity:
    def test_demo_pairs_are_unique_before(self):
        people = rg.demo().contacts.iloc[1:]
        assert people[["organization", "role"]].value_counts().max() <= 2  # why organization and role are not kept

    def test_default_is_k_anonymous(self):
        anon = demo_k()
        assert anon.anonymity.k >= DEFAULT_K and anon.anonymity.k == group_sizes(anon, ["field", "source"]).min()
        assert anon.anonymity.kept == ("field", "source")
        assert "organization" not in anon.contacts.columns and "role" not in anon.contacts.columns

    @pytest.mark.parametrize(
        "keep, k", [(("organization", "role"), 5), (("organization", "field"), 3), (("role",), 2), (("field",), 10)]
    )
    def test_every_description_fits_k_people(self, keep, k):
        anon = demo_k(keep=keep, k=k)
        sizes = group_sizes(anon, list(keep))
        assert sizes.min() >= k and anon.anonymity.k == sizes.min()
        a = anon.anonymity
        assert a.k_requested == k and a.kept == keep
        # generalised values and withheld rows are counted, and every common value survives as it was
        original = rg.demo().contacts.iloc[1:]
        aligned = in_original_order(rg.demo(), anon, "s").iloc[1:]
        for c in keep:
            common = original[c].str.strip().str.casefold().value_counts()
            common = set(common[common >= k].index)
            shown = set(aligned[c].dropna().str.casefold()) - {OTHER, WITHHELD}
            assert shown <= common
            assert a.generalized.get(c, 0) == int((aligned[c] == OTHER).sum()) + sum(
                1
                for v, w in zip(original[c], aligned[c])
                if w == WITHHELD and isinstance(v, str) and v.strip().casefold() not in common
            ) + int(rg.demo().contacts[c].notna().iloc[0])  # the seeker's own value, alone among seekers

    def test_k_1_keeps_values(self):
        anon = demo_k(keep=("organization", "role"), k=1)
        aligned = in_original_order(rg.demo(), anon, "s")
        assert aligned["organization"].tolist() == rg.demo().contacts["organization"].tolist()
        assert anon.anonymity.k == 1 and anon.anonymity.withheld == 0

    def test_nothing_kept(self):
        anon = demo_k(keep=())
        assert anon.anonymity.k == len(rg.demo()) - 1 and anon.anonymity.kept == ()

    def test_structure_unchanged(self):
        anon = demo_k(keep=("organization", "role"))
        assert np.array_equal(anon.index.generation, rg.demo().index.generation)
        mine = rg.contact_metrics(rg.demo()).sort_values("contact")
        theirs = rg.contact_metrics(anon)
        for col in ("generation", "descendants", "direct_introductions"):
            assert sorted(mine[col].tolist()) == sorted(theirs[col].tolist())

    def test_small_network_withholds_everything(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            anon = anonymize(private_net())
        assert anon.anonymity.k == 3 and anon.anonymity.k_requested == 5 and anon.anonymity.withheld == 4
        assert set(anon.contacts["source"]) == {WITHHELD}

    def test_cohort_with_shared_contacts(self):
        net = rg.synthetic_cohort(n_seekers=5, n_contacts=400, shared_fraction=0.1, seed=3)
        anon = anonymize(net, keep=("field", "organization"), k=4)
        assert group_sizes(anon, ["field", "organization"]).min() >= 4

    def test_empty(self):
        anon = anonymize(rg.from_frames(pd.DataFrame({"name": pd.Series([], dtype="str")})))
        assert anon.anonymity.k is None


def _every_export(net, folder):
    """The text of every file each export format writes (workbooks unzipped)."""
    texts = []
    for name in ("csv-folder", "net.xlsx", "net.json", "net.graphml", "net.gexf"):
        path = rg.save(net, folder / name)
        files = sorted(path.iterdir()) if path.is_dir() else [path]
        for f in files:
            if f.suffix == ".xlsx":
                with zipfile.ZipFile(f) as z:
                    texts += [z.read(m).decode("utf-8") for m in z.namelist()]
            else:
                texts.append(f.read_text(encoding="utf-8-sig"))
    return [html.unescape(t) for t in texts]


class TestNothingPrivateInExports:
    def test_private_network(self, tmp_path):
        texts = _every_export(anonymize(private_net()), tmp_path)
        assert len(texts) > 10
        leaks = [s for s in SECRETS for t in texts if s.lower() in t.lower()]
        assert leaks == []

    def test_demo(self, tmp_path):
        net = rg.demo()
        contacts, meetings = net.contacts, net.meetings
        private = set(contacts["id"]) | set(contacts["name"])
        for col in ("email", "linkedin", "notes"):
            private |= set(contacts[col].dropna())
        private |= set(meetings["takeaways"].dropna()) | set(meetings["notes"].dropna())
        private |= set(net.introductions["notes"].dropna())
        private = {p for p in private if len(p) >= 4}
        texts = _every_export(anonymize(net), tmp_path)
        everything = "\n".join(texts)
        assert [p for p in sorted(private) if p in everything] == []

    def test_save_anonymize_option(self, tmp_path):
        path = rg.save(private_net(), tmp_path / "n.json", anonymize=True)
        text = path.read_text(encoding="utf-8")
        # pseudonyms are random hex ("person-86555755" holds "555" about once in 40 runs): not a leak
        text = re.sub(r"\b(?:person|seeker)-[0-9a-f]{8}\b", "[pseudonym]", text)
        assert [s for s in SECRETS if s in text] == []


class TestCohortsAndText:
    """Issue 23, item 5: seekers generalised too, spelling variants grouped, names scrubbed, order tells nothing."""

    def test_seekers_own_values_are_generalised(self):
        net = rg.synthetic_cohort(n_seekers=30, n_contacts=600, seed=3)
        contacts = net.contacts.copy()
        seekers = contacts["is_seeker"].to_numpy(dtype=bool)
        contacts.loc[seekers, "field"] = [f"unique field {i}" for i in range(int(seekers.sum()))]
        net = rg.from_frames(contacts, net.introductions, net.meetings)
        anon = anonymize(net, keep=("field",), k=5)
        shown = anon.contacts.loc[anon.contacts["is_seeker"], "field"]
        assert not shown.str.startswith("unique field").any()
        people = anon.contacts
        sizes = people.groupby(["is_seeker", "field"], dropna=False).size()
        visible = sizes[[f != WITHHELD for _s, f in sizes.index]]
        assert visible.min() >= 5 and anon.anonymity.k == visible.min()

    def test_spelling_variants_are_one_value(self):
        contacts = pd.DataFrame(
            {
                "name": ["Me", *[f"P{i}" for i in range(10)]],
                "is_seeker": ["yes", *[""] * 10],
                "organization": [
                    "",
                    "Google",
                    "Google",
                    "Google",
                    "Google",
                    "GOOGLE ",
                    " google",
                    "Acme",
                    "acme",
                    "ACME  ",
                    "Acme",
                ],
            }
        )
        anon = anonymize(rg.from_frames(contacts), keep=("organization",), k=2)
        orgs = anon.contacts.loc[~anon.contacts["is_seeker"], "organization"]
        assert sorted(orgs.unique()) == ["Acme", "Google"]
        assert (orgs == "Google").sum() == 6 and (orgs == "Acme").sum() == 4

    def test_kept_free_text_is_scrubbed_of_every_known_name(self):
        net = private_net()
        anon = anonymize(net, salt="s", keep=("notes", "takeaways"), k=1)
        texts = [
            *anon.meetings["takeaways"].dropna(),
            *anon.introductions["notes"].dropna(),
            *anon.contacts["notes"].dropna(),
        ]
        assert "[name] [name] says apply early" in texts and "[name] wrote to [name] [name]" in texts
        for word in ("Ann", "Lee", "Bo", "Park", "Maya", "Cy", "Acme"):
            assert not any(f" {word} " in f" {t} " for t in texts), word

    def test_ask_nina_about_the_team(self):
        contacts = pd.DataFrame({"name": ["Me", "Nina Patel", "Sam"], "is_seeker": ["yes", "", ""]})
        meetings = pd.DataFrame({"contact": ["Sam"], "date": ["2026-01-02"], "takeaways": ["ask Nina about the team"]})
        anon = anonymize(rg.from_frames(contacts, None, meetings), keep=("takeaways",))
        assert anon.meetings["takeaways"].tolist() == ["ask [name] about the team"]

    def test_row_order_tells_nothing(self):
        net = rg.demo()
        anon = anonymize(net)
        assert anon.contacts["id"].is_monotonic_increasing
        dates = anon.meetings["date"]
        assert dates.dropna().is_monotonic_increasing
        a = anonymize(net, salt="a")
        position = {i: k for k, i in enumerate(in_original_order(net, a, "a")["id"])}
        assert [position[i] for i in a.contacts["id"]] != list(range(len(net)))  # not the address book's order

    def test_metrics_and_trees_survive_the_reordering(self):
        net = rg.synthetic_cohort(n_seekers=5, n_contacts=400, shared_fraction=0.1, seed=3)
        anon = anonymize(net, keep=())
        mine, theirs = rg.seeker_summary(net), rg.seeker_summary(anon)
        assert sorted(mine["contacts"].tolist()) == sorted(theirs["contacts"].tolist())
        a, b = rg.contact_metrics(net), rg.contact_metrics(anon)
        for col in ("generation", "descendants", "direct_introductions"):
            assert sorted(a[col].tolist()) == sorted(b[col].tolist())

"""rg.combine and `referralgraph combine` (issue 24 item 6)."""

import pandas as pd
import pytest

import referralgraph as rg


def search(seeker, contacts, intros, opp=None):
    c = pd.DataFrame(
        {
            "id": [seeker, *contacts],
            "name": [seeker.title(), *[x.title() for x in contacts]],
            "is_seeker": ["y"] + [""] * len(contacts),
        }
    )
    i = pd.DataFrame(intros, columns=["introducer", "introduced", "date"])
    o = None if opp is None else pd.DataFrame(opp, columns=["opportunity", "contact", "organization", "stage", "date"])
    return rg.from_frames(c, i, None, o)


@pytest.fixture
def two():
    a = search(
        "ann",
        ["pat", "kim"],
        [("ann", "pat", "2026-03-01"), ("pat", "kim", "2026-03-05")],
        [("x", "kim", "Acme", "interview", "2026-04-01")],
    )
    b = search("bo", ["pat", "lee"], [("bo", "pat", "2026-03-02"), ("pat", "lee", "2026-03-06")])
    return a, b


class TestCombine:
    def test_shared_contact_is_one_person_with_two_histories(self, two):
        cohort = rg.combine(*two)
        assert cohort.seekers == ["ann", "bo"] and len(cohort) == 5
        trees = cohort.tree_table()
        assert (trees["contact"] == "pat").sum() == 2
        assert cohort.opportunities["seeker"].tolist() == ["ann"]
        credit = rg.outcome_credit(cohort)
        assert credit["contact"].tolist() == ["pat", "kim"]

    def test_same_id_different_people_is_an_error(self, two):
        other = search("cy", ["pat"], [("cy", "pat", "2026-03-02")])
        other = rg.from_frames(other.contacts.assign(name=["Cy", "Patricia Other"]), other.introductions)
        with pytest.raises(rg.SchemaError, match="contact id 'pat' names different people"):
            rg.combine(two[0], other)

    def test_errors_and_inputs_unchanged(self, two):
        with pytest.raises(rg.ArgumentTypeError, match="at least one"):
            rg.combine()
        with pytest.raises(rg.ArgumentTypeError, match="argument 2 of combine"):
            rg.combine(two[0], "folder")
        before = two[0].contacts
        rg.combine(*two)
        pd.testing.assert_frame_equal(before, two[0].contacts)

    def test_cli(self, run, tmp_path, two):
        folders = [rg.save(net, tmp_path / name) for net, name in zip(two, ("ann", "bo"))]
        result = run("combine", *map(str, folders), str(tmp_path / "cohort"))
        assert result.exit_code == 0, result.output
        assert "Combined 2 searches (2 seekers, 5 contacts, 1 in several seekers' networks)" in result.output
        assert rg.load(tmp_path / "cohort").equals(rg.combine(*two))

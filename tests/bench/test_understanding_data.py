"""The understanding evaluation's files are well formed: the cases name real people, use
known categories and kinds, cover every category in both halves of the area, never
repeat a question across halves, and the area imports cleanly. Scoring the parser is the
benchmark's job (python -m bench.understanding), not a test's."""

import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from bench.understanding import AREA_PATH, CASE_FILES, CATEGORIES, EXPECTS, Case, load_cases
from store.datafile import DEMO_PATH, import_file
from store.db import Store

UK_DATE = re.compile(
    r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|"
    r"November|December) (\d{4})\b"
)
AREA_MINIMUM = 250


def people_in(path: Path) -> set[str]:
    return {person["id"] for person in yaml.safe_load(path.read_text(encoding="utf-8"))["people"]}


def cases(dataset: str, half: str) -> list[Case]:
    return load_cases(CASE_FILES[(dataset, half)]).cases


@pytest.mark.parametrize(("dataset", "half"), sorted(CASE_FILES))
def test_every_case_is_well_formed(dataset: str, half: str) -> None:
    people = people_in(AREA_PATH if dataset == "area" else DEMO_PATH)
    for case in cases(dataset, half):
        assert case.text.strip(), case
        assert case.person is None or case.person in people, case
        assert case.category in CATEGORIES, case
        assert case.expect in EXPECTS, case
        assert all(isinstance(m, str) and m for m in case.must_not), case
        for needed in case.must:
            options = [needed] if isinstance(needed, str) else needed
            assert options and all(isinstance(o, str) and o for o in options), case
        assert bool(case.choices_include) == (case.expect == "choices"), case
        if case.expect == "answer":
            assert case.must, f"an answer case must say what the answer contains: {case}"


@pytest.mark.parametrize(("dataset", "half"), sorted(CASE_FILES))
def test_dates_expected_are_real_dates_in_uk_style(dataset: str, half: str) -> None:
    for case in cases(dataset, half):
        wanted = [o for m in case.must for o in ([m] if isinstance(m, str) else m)]
        for text in [*wanted, *case.must_not]:
            for day, month, year in UK_DATE.findall(text):
                datetime.strptime(f"{day} {month} {year}", "%d %B %Y")  # raises if not real
                assert not day.startswith("0"), f"UK style has no leading zero: {text!r}"


@pytest.mark.parametrize("dataset", ["area", "demo"])
def test_no_question_is_in_both_halves_and_none_repeats_within_one(dataset: str) -> None:
    dev, holdout = cases(dataset, "dev"), cases(dataset, "holdout")
    shared = {c.text.lower() for c in dev} & {c.text.lower() for c in holdout}
    assert not shared
    for half in (dev, holdout):
        repeated = Counter((c.text.lower(), c.person) for c in half)
        assert [key for key, n in repeated.items() if n > 1] == []


def test_the_area_has_enough_questions_and_every_category_in_both_halves() -> None:
    dev, holdout = cases("area", "dev"), cases("area", "holdout")
    assert len(dev) + len(holdout) >= AREA_MINIMUM
    for half in (dev, holdout):
        assert {c.category for c in half} == set(CATEGORIES)


def test_both_halves_of_a_dataset_ask_at_the_same_time_about_the_same_data() -> None:
    for dataset in ("area", "demo"):
        dev = load_cases(CASE_FILES[(dataset, "dev")])
        holdout = load_cases(CASE_FILES[(dataset, "holdout")])
        assert (dev.at, dev.data) == (holdout.at, holdout.data)


def test_the_area_imports_cleanly_with_every_record(sqlite_url: str) -> None:
    data = yaml.safe_load(AREA_PATH.read_text(encoding="utf-8"))
    partnerships = data["partnerships"]
    store = Store.open(sqlite_url)
    try:
        summary = import_file(store, AREA_PATH, at=load_cases(CASE_FILES[("area", "dev")]).at)
    finally:
        store.dispose()
    created = {key: tally.created for key, tally in summary.tallies.items()}
    assert created["partnership"] == len(partnerships)
    assert created["person"] == len(data["people"])
    assert created["priority"] == sum(len(p.get("priorities", [])) for p in partnerships)
    assert created["milestone"] == sum(len(p.get("milestones", [])) for p in partnerships)
    assert created["glossaryterm"] == len(data["glossary"])


def test_the_area_has_the_shape_the_evaluation_is_about() -> None:
    """A two-tier county with two district CSPs, sub-boards under the board, a unitary
    elsewhere, and an acronym that is both a glossary term and a partnership's alias."""
    data = yaml.safe_load(AREA_PATH.read_text(encoding="utf-8"))
    parent = {p["id"]: p.get("parent") for p in data["partnerships"]}
    roots = [ident for ident, up in parent.items() if up is None]
    assert len(roots) >= 2
    assert all(sum(up == root for up in parent.values()) >= 1 for root in roots)
    assert max(sum(up == root for up in parent.values()) for root in roots) >= 4
    aliases = {a for p in data["partnerships"] for a in p.get("aliases", [])}
    assert set(data["glossary"]) & aliases
    kinds = {pr["kind"] for p in data["partnerships"] for pr in p.get("priorities", [])}
    assert kinds == {"priority", "cross_cutting", "risk_driver", "focus"}

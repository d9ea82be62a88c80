"""The understanding evaluation's files are well formed: the cases name real people, use
known categories and kinds, cover every category in both halves of each area, never
repeat a question across halves, and the areas import cleanly. Scoring the parser is the
benchmark's job (python -m bench.understanding), not a test's."""

import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from bench.understanding import (
    AREA_PATH,
    CASE_FILES,
    CATEGORIES,
    DATA,
    DATASETS,
    EXPECTS,
    Case,
    data_path,
    load_cases,
)
from store.datafile import import_file
from store.db import Store

UK_DATE = re.compile(
    r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|"
    r"November|December) (\d{4})\b"
)
# the fewest questions each fictional area has, both halves together
AREA_MINIMUM = {"area": 250, "area2": 240}
AREA2_PATH = DATA / "area2.yaml"


def people_in(path: Path) -> set[str]:
    return {person["id"] for person in yaml.safe_load(path.read_text(encoding="utf-8"))["people"]}


def cases(dataset: str, half: str) -> list[Case]:
    return load_cases(CASE_FILES[(dataset, half)]).cases


@pytest.mark.parametrize(("dataset", "half"), sorted(CASE_FILES))
def test_every_case_is_well_formed(dataset: str, half: str) -> None:
    people = people_in(data_path(load_cases(CASE_FILES[(dataset, half)])))
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
            # "none" answers ("does X have any sub-groups") can only say what must not be there
            assert case.must or case.must_not, (
                f"an answer case must say what the answer contains or must not: {case}"
            )


@pytest.mark.parametrize(("dataset", "half"), sorted(CASE_FILES))
def test_dates_expected_are_real_dates_in_uk_style(dataset: str, half: str) -> None:
    for case in cases(dataset, half):
        wanted = [o for m in case.must for o in ([m] if isinstance(m, str) else m)]
        for text in [*wanted, *case.must_not]:
            for day, month, year in UK_DATE.findall(text):
                datetime.strptime(f"{day} {month} {year}", "%d %B %Y")  # raises if not real
                assert not day.startswith("0"), f"UK style has no leading zero: {text!r}"


def halves_of(dataset: str) -> list[str]:
    """A development-only data set (area2b, area3b) has no holdout half."""
    return [half for half in ("dev", "holdout") if (dataset, half) in CASE_FILES]


@pytest.mark.parametrize("dataset", DATASETS)
def test_no_question_is_in_both_halves_and_none_repeats_within_one(dataset: str) -> None:
    halves = [cases(dataset, half) for half in halves_of(dataset)]
    texts = [{c.text.lower() for c in half} for half in halves]
    assert len(texts) == 1 or not set.intersection(*texts)
    for half in halves:
        repeated = Counter((c.text.lower(), c.person) for c in half)
        assert [key for key, n in repeated.items() if n > 1] == []


@pytest.mark.parametrize("dataset", sorted(AREA_MINIMUM))
def test_each_area_has_enough_questions_and_every_category_in_both_halves(dataset: str) -> None:
    dev, holdout = cases(dataset, "dev"), cases(dataset, "holdout")
    assert len(dev) + len(holdout) >= AREA_MINIMUM[dataset]
    for half in (dev, holdout):
        assert {c.category for c in half} == set(CATEGORIES)


def test_no_development_question_is_a_holdout_question_about_the_same_data() -> None:
    """Tuning on a development-only set must not tune on its area's holdout questions."""
    holdout_files = [load_cases(path) for (_, h), path in CASE_FILES.items() if h == "holdout"]
    holdout = {(f.data, case.text.lower()) for f in holdout_files for case in f.cases}
    for dataset in [d for d in DATASETS if halves_of(d) == ["dev"]]:
        case_file = load_cases(CASE_FILES[(dataset, "dev")])
        seen = [c.text for c in case_file.cases if (case_file.data, c.text.lower()) in holdout]
        assert seen == []


def test_both_halves_of_a_dataset_ask_at_the_same_time_about_the_same_data() -> None:
    for dataset in [d for d in DATASETS if len(halves_of(d)) == 2]:
        dev = load_cases(CASE_FILES[(dataset, "dev")])
        holdout = load_cases(CASE_FILES[(dataset, "holdout")])
        assert (dev.at, dev.data) == (holdout.at, holdout.data)


@pytest.mark.parametrize("dataset", sorted(AREA_MINIMUM))
def test_each_area_imports_cleanly_with_every_record(dataset: str, sqlite_url: str) -> None:
    case_file = load_cases(CASE_FILES[(dataset, "dev")])
    path = data_path(case_file)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    partnerships = data["partnerships"]
    store = Store.open(sqlite_url)
    try:
        summary = import_file(store, path, at=case_file.at)
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


def test_the_second_area_has_another_shape() -> None:
    """A unitary borough whose one CSP has sub-boards and a delivery group, and a county
    board with a single district CSP under it; an acronym that is both a glossary term and
    a partnership's alias; milestones before and after the evaluation's time."""
    data = yaml.safe_load(AREA2_PATH.read_text(encoding="utf-8"))
    parent = {p["id"]: p.get("parent") for p in data["partnerships"]}
    roots = [ident for ident, up in parent.items() if up is None]
    assert sorted(sum(up == root for up in parent.values()) for root in roots) == [2, 3]
    aliases = {a for p in data["partnerships"] for a in p.get("aliases", [])}
    assert set(data["glossary"]) & aliases
    at = load_cases(CASE_FILES[("area2", "dev")]).at.date()
    dues = [str(m["due"])[:10] for p in data["partnerships"] for m in p.get("milestones", [])]
    assert min(dues) < at.isoformat() < max(dues)

"""Precision and recall of target extraction over tests/plans/corpus (see measure.py).

Run with `-s` to see the table; `python -m tests.plans.corpus.measure` prints it too."""

from __future__ import annotations

import json

import pytest

from tests.plans.corpus.measure import HERE, case_targets, measure, report


def test_precision_and_recall_over_the_corpus(capsys):
    seeds, sentences, heldout = measure()
    with capsys.disabled():
        print("\n" + report(seeds, sentences, heldout))
    assert (seeds.precision, seeds.recall) == (1.0, 1.0)
    assert sentences.precision >= 0.95 and sentences.recall >= 0.95
    assert heldout.precision >= 0.9 and heldout.recall >= 0.9


def test_corpus_size_and_shape():
    cases = json.loads((HERE / "target_sentences.json").read_text("utf-8"))
    assert len(cases) >= 40
    assert sum(1 for c in cases if not c["expected"]) >= 15  # traps
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))


TRAPS = [
    c for c in json.loads((HERE / "target_sentences.json").read_text("utf-8")) if not c["expected"]
]


@pytest.mark.parametrize("case", TRAPS, ids=[c["id"] for c in TRAPS])
def test_traps_give_no_target(case):
    assert case_targets(case) == []

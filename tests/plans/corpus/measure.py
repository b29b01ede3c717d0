"""Precision and recall of the target extractor over the corpus in this folder.

    .venv/bin/python -m tests.plans.corpus.measure          # totals and every miss
    .venv/bin/python -m tests.plans.corpus.measure --quiet  # totals only

The corpus: the three seed plans (seed_*.txt, expected targets in seeds_expected.json,
read off plans/demo_plans.py); target_sentences.json, sentences written in the forms
Vietnamese plans use, traps included (cases whose expected list is empty), against which
the rules were developed; and target_sentences_heldout.json, written after the rules were
settled and scored once before any change (first run: 11 of 11 found, nothing extra). Each sentence
is placed in a small plan — in its objectives, its tasks or a results section, as the
case says — and read the way an uploaded file is.

A predicted target counts as found when its comparator, milestones (year, value, upper
value), maintain-until year and, for frequencies, period all match an expected one.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from plans.extraction import extract

HERE = Path(__file__).resolve().parent

FILLER_TASK = "1. Tuyên truyền, phổ biến pháp luật về bình đẳng giới\n" + (
    "- Tổ chức quán triệt Luật Bình đẳng giới đến toàn thể cán bộ, công chức, viên chức.\n"
)


def wrap(case: dict) -> str:
    """The sentence of a corpus case inside a minimal plan, in the part it names."""
    start, end = case["period"]
    period = f"năm {start}" if start == end else f"giai đoạn {start} – {end}"
    head = (
        "SỞ NỘI VỤ\nSố: 15/KH-SNV\n"
        f"KẾ HOẠCH\nThực hiện công tác bình đẳng giới {period}\n"
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 01/3/2021 của Ủy ban nhân dân tỉnh, Sở Nội vụ "
        "xây dựng kế hoạch thực hiện như sau:\n"
    )
    text = case["text"]
    if case["part"] == "objectives":
        body = f"I. MỤC TIÊU\n2. Mục tiêu cụ thể\n- {text}\nII. NỘI DUNG THỰC HIỆN\n{FILLER_TASK}"
    elif case["part"] == "results":
        body = f"I. KẾT QUẢ THỰC HIỆN NĂM TRƯỚC\n- {text}\nII. NỘI DUNG THỰC HIỆN\n{FILLER_TASK}"
    else:
        objectives = (
            "I. MỤC TIÊU\n- Nâng cao nhận thức về bình đẳng giới trong cơ quan.\n"
            if case.get("with_objectives_section")
            else ""
        )
        body = f"{objectives}II. NỘI DUNG THỰC HIỆN\n{FILLER_TASK}- {text}\n"
    return head + body + "Nơi nhận:\n- Lưu: VT.\n"


def key(target: dict) -> tuple:
    return (
        target["comparator"],
        tuple(
            (
                m["year"],
                float(m["value"]),
                None if m["value_max"] is None else float(m["value_max"]),
            )
            for m in target["milestones"]
        ),
        target.get("maintain_until"),
        target.get("period") if target["comparator"] == "per_period" else None,
    )


@dataclass
class Score:
    expected: int = 0
    predicted: int = 0
    found: int = 0
    misses: list[str] = field(default_factory=list)  # expected, not found
    extras: list[str] = field(default_factory=list)  # predicted, not expected

    def add(self, name: str, expected: list[dict], predicted: list[dict]) -> None:
        want = Counter(key(t) for t in expected)
        got = Counter(key(t) for t in predicted)
        hit = want & got
        self.expected += sum(want.values())
        self.predicted += sum(got.values())
        self.found += sum(hit.values())
        for k, n in (want - hit).items():
            self.misses.append(f"{name}: expected {k} ×{n}")
        for k, n in (got - hit).items():
            self.extras.append(f"{name}: predicted {k} ×{n}")

    @property
    def precision(self) -> float:
        return self.found / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def seed_targets(name: str) -> list[dict]:
    return extract((HERE / name).read_bytes(), name).to_json()["targets"]


def case_targets(case: dict) -> list[dict]:
    return extract(wrap(case).encode("utf-8"), f"{case['id']}.txt").to_json()["targets"]


def _cases(name: str) -> Score:
    score = Score()
    for case in json.loads((HERE / name).read_text("utf-8")):
        score.add(case["id"], case["expected"], case_targets(case))
    return score


def measure() -> tuple[Score, Score, Score]:
    """(seeds, sentences, held-out sentences)."""
    seeds = Score()
    for name, expected in json.loads((HERE / "seeds_expected.json").read_text("utf-8")).items():
        seeds.add(name, expected, seed_targets(name))
    return seeds, _cases("target_sentences.json"), _cases("target_sentences_heldout.json")


def report(seeds: Score, sentences: Score, heldout: Score, *, quiet: bool = False) -> str:
    parts = (seeds, sentences, heldout)
    total = Score(
        sum(p.expected for p in parts),
        sum(p.predicted for p in parts),
        sum(p.found for p in parts),
        [m for p in parts for m in p.misses],
        [m for p in parts for m in p.extras],
    )
    lines = []
    rows = (("seeds", seeds), ("sentences", sentences), ("held-out", heldout), ("corpus", total))
    for label, s in rows:
        lines.append(
            f"{label:<10} expected {s.expected:3d}  predicted {s.predicted:3d}  found "
            f"{s.found:3d}  precision {s.precision:.3f}  recall {s.recall:.3f}"
        )
    if not quiet:
        lines += ["misses:"] + [f"  {m}" for m in total.misses] or ["  none"]
        lines += ["extras:"] + [f"  {m}" for m in total.extras] or ["  none"]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(report(*measure(), quiet="--quiet" in sys.argv))

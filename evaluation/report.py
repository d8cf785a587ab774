"""Writing an evaluation run: JSON with every figure and the settings, a Markdown report, PNG plots."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, Sequence

from hippograph.evaluation.answers_eval import AnswerScores
from hippograph.evaluation.retrieval_eval import MethodScores, SelectionScores


def write_report(
    out_dir: Path,
    meta: dict[str, Any],
    retrieval: Sequence[MethodScores],
    selection: Sequence[SelectionScores],
    answers: AnswerScores | None,
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    payload = {
        **meta,
        "retrieval": [asdict(m) for m in retrieval],
        "selection": [asdict(s) for s in selection],
        "answers": asdict(answers) if answers else None,
    }
    js = out_dir / "eval.json"
    js.write_text(json.dumps(payload, indent=1, default=str), encoding="utf-8")
    lines = [f"# hippograph eval: {meta.get('questions')}", "",
             f"{meta.get('n_questions')} questions; extractor `{meta.get('extractor')}`; store `{meta.get('store')}`; "
             f"ingest {meta.get('ingest_seconds', 0):.1f} s.", "",
             "## Retrieval", "", "| method | R@1 | R@2 | R@5 | R@10 | p50 ms | p95 ms | fallbacks |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for m in retrieval:
        r = m.recall
        lines.append(f"| {m.method} | {r[1]:.1f} | {r[2]:.1f} | {r[5]:.1f} | {r[10]:.1f} | {m.latency_ms_p50:.1f} | {m.latency_ms_p95:.1f} | {m.fallbacks} |")
    lines += ["", "### Recall@5 by hop count", "", "| method | " + " | ".join(f"{h} hops" for h in retrieval[0].by_hops) + " |",
              "| --- |" + " ---: |" * len(retrieval[0].by_hops)] if retrieval else []
    for m in retrieval:
        lines.append(f"| {m.method} | " + " | ".join(f"{v[5]:.1f}" for v in m.by_hops.values()) + " |")
    if selection:
        lines += ["", "## Selection", "", "| selector | answer-passage recall | tokens | passages | utility | p50 ms |",
                  "| --- | ---: | ---: | ---: | ---: | ---: |"]
        lines += [f"| {s.method} | {s.answer_recall:.1f} | {s.tokens:.0f} | {s.passages:.1f} | {s.utility:.3f} | {s.ms_p50:.1f} |"
                  for s in selection]
    if answers:
        how = ("cross-fitted over folds of this set, with the other triples' reference rows" if answers.cross_fitted
               else "the shipped reader model, fitted on other questions" if answers.shipped_held_out
               else "the shipped reader model")
        lines += ["", f"## Answers ({answers.kind}; {how})", ""]
        figs = [("pipeline", answers.pipeline), (f"dense-RAG top-{answers.dense_k}", answers.dense)]
        hops = sorted({h for _, f in figs if f for h in f.by_hops})
        lines += ["| reader | EM | F1 | " + " | ".join(f"F1 {h}-hop" for h in hops) + " |",
                  "| --- | ---: | ---: |" + " ---: |" * len(hops)]
        for name, f in figs:
            if f is not None:
                lines.append(f"| {name} | {f.em:.1f} | {f.f1:.1f} | "
                             + " | ".join(f"{f.by_hops[h]['f1']:.1f}" if h in f.by_hops else "-" for h in hops) + " |")
        if answers.pipeline is not None:
            p = answers.pipeline
            lines += ["", f"ECE {p.ece:.3f}; coverage {100 * p.coverage:.0f} % at min_confidence {answers.min_confidence:.2f} "
                      f"(precision {100 * p.precision_answered:.1f} %); precision at 40 % coverage {100 * p.precision_at_40:.1f} %."]
        if answers.one_hop is not None:
            lines += ["", f"One-hop sub-questions of these ({answers.one_hop['n']:.0f}): EM {answers.one_hop['em']:.1f}, "
                      f"F1 {answers.one_hop['f1']:.1f}."]
            if p.per_fold:
                lines += ["", "| fold | n | EM | F1 | ECE |", "| ---: | ---: | ---: | ---: | ---: |"]
                lines += [f"| {f['fold']:.0f} | {f['n']:.0f} | {f['em']:.1f} | {f['f1']:.1f} | {f['ece']:.3f} |" for f in p.per_fold]
        lines += ["", "| stage | p50 ms | p95 ms |", "| --- | ---: | ---: |"]
        lines += [f"| {s} | {v['p50']:.1f} | {v['p95']:.1f} |" for s, v in answers.stage_ms.items()]
        examples = [q for q in answers.per_question if q.get("path")][:3]
        if examples:
            lines += ["", "### Example paths", ""]
            lines += [f"- {q['question']} → **{q['answer']}** ({q['kind']}, {q['confidence']:.2f}; gold {q['gold']}): `{q['path']}`"
                      for q in examples]
    md = out_dir / "report.md"
    md.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [js, md, *_plots(out_dir, retrieval, answers)]


def _plots(out_dir: Path, retrieval: Sequence[MethodScores], answers: AnswerScores | None) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out: list[Path] = []

    def save(fig: Any, name: str) -> None:
        fig.tight_layout()
        fig.savefig(out_dir / name, dpi=120)
        plt.close(fig)
        out.append(out_dir / name)

    fig, ax = plt.subplots(figsize=(6, 4))
    for m in retrieval:
        ks = sorted(m.recall)
        ax.plot(ks, [m.recall[k] for k in ks], marker="o", label=m.method)
    ax.set_xlabel("k")
    ax.set_ylabel("Recall@k (%)")
    ax.set_xscale("log")
    ax.set_xticks([1, 2, 5, 10], labels=["1", "2", "5", "10"])
    ax.grid(alpha=0.3)
    ax.legend()
    save(fig, "recall_at_k.png")
    if answers and answers.pipeline is not None and answers.pipeline.reliability:
        p = answers.pipeline
        fig, ax = plt.subplots(figsize=(5, 5))
        ax.plot([0, 1], [0, 1], ls="--", color="grey", label="perfect calibration")
        conf, acc, n = zip(*p.reliability)
        ax.plot(conf, acc, marker="o", label=f"pipeline (ECE {p.ece:.3f})")
        for c, a, k in p.reliability:
            ax.annotate(str(k), (c, a), textcoords="offset points", xytext=(4, 4), fontsize=8)
        ax.set_xlabel("confidence (mean per bin)")
        ax.set_ylabel("accuracy (EM)")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.legend()
        save(fig, "reliability.png")
        fig, ax = plt.subplots(figsize=(6, 4))
        for name, f in (("pipeline", p), ("dense-RAG", answers.dense)):
            if f is not None and f.risk_coverage:
                cov, prec = zip(*f.risk_coverage)
                ax.plot(cov, prec, label=name)
        ax.axvline(p.coverage, ls=":", color="grey", label=f"min_confidence {answers.min_confidence:.2f}")
        ax.set_xlabel("coverage (share of questions answered)")
        ax.set_ylabel("precision of the answered share (EM)")
        ax.set_ylim(0, 1)
        ax.legend()
        save(fig, "risk_coverage.png")
    if answers and answers.stage_ms:
        fig, ax = plt.subplots(figsize=(6, 4))
        stages = list(answers.stage_ms)
        ax.barh(stages, [answers.stage_ms[s]["p50"] for s in stages], label="p50")
        ax.barh(stages, [answers.stage_ms[s]["p95"] - answers.stage_ms[s]["p50"] for s in stages],
                left=[answers.stage_ms[s]["p50"] for s in stages], alpha=0.4, label="p95")
        ax.set_xlabel("ms per question")
        ax.legend()
        save(fig, "latency_per_stage.png")
    return out

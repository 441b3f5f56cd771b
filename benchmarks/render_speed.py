"""Rendering speed: docsvc's full generation path side by side with a bare docxtpl render, in one run.

    python benchmarks/render_speed.py [--documents 200] [--template process-documentation-en] [--json]

Both sides render the same built-in template with the same context (the complete sample context: every
section filled, SLA and price tables included). The bare side is what a script would do: ``DocxTemplate`` on
the file, ``render(context, env, autoescape=True)`` with a plain Jinja environment carrying the same formatting
filters (the templates use them), save to bytes. The full side is what ``POST
/v1/contracts/{id}/generated`` does after reading the contract: validate the template (cached by sha256, as
on every call), render in the sandboxed child-process pool (CPU and memory limits, StrictUndefined,
allow-listed filters), hash the result and store it content-addressed in the object store. Target: the full
path within 2x of bare docxtpl (documents/s ratio >= 0.5). Sides alternate in rounds so machine noise hits
both alike.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docsvc.generate import RenderPool, validate_template  # noqa: E402
from docsvc.generate.filters import filters_for  # noqa: E402
from docsvc.generate.sample import sample_context  # noqa: E402
from docsvc.storage import content_key, put_bytes  # noqa: E402
from docsvc.storage.local import LocalStore  # noqa: E402

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class KeysFirst(jinja2.Environment):
    """``contract.pricing.items`` is the price list, not ``dict.items`` (as in docsvc's environment)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def plain_environment(language: str) -> jinja2.Environment:
    """What a script would use: a plain Jinja environment with the same formatting filters, no sandbox."""
    env = KeysFirst(autoescape=True)
    env.filters.update(filters_for(language))
    return env


def bare(template: bytes, context: dict[str, Any], env: jinja2.Environment) -> bytes:
    document = DocxTemplate(io.BytesIO(template))
    document.render(context, env, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def full(template: bytes, context: dict[str, Any], language: str, pool: RenderPool, store: LocalStore) -> bytes:
    report = validate_template(template, language=language)
    if not report.ok or report.prepared is None:
        raise SystemExit(f"the template failed validation: {report.problems}")
    output = pool.render(report.prepared, context, language=language)
    put_bytes(store, content_key(hashlib.sha256(output).hexdigest(), "generated"), output, content_type=DOCX)
    return output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200, help="documents per side (default 200)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds the documents are split into")
    parser.add_argument("--template", default="process-documentation-en")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    path = ROOT / "templates" / f"{args.template}.docx"
    if not path.exists():
        print(f"no built-in template {path}", file=sys.stderr)
        return 2
    template = path.read_bytes()
    language = args.template.rsplit("-", 1)[-1]
    context = sample_context(language)
    env = plain_environment(language)
    per_round = max(1, args.documents // args.rounds)
    times: dict[str, list[float]] = {"bare": [], "full": []}
    with tempfile.TemporaryDirectory() as home, RenderPool(size=1) as pool:
        store = LocalStore(Path(home) / "objects")
        started = time.perf_counter()
        full(template, context, language, pool, store)  # warm-up: worker start, first validation
        bare(template, context, env)
        warmup = time.perf_counter() - started
        for _ in range(args.rounds):
            for side in ("bare", "full"):
                for _ in range(per_round):
                    t0 = time.perf_counter()
                    if side == "bare":
                        bare(template, context, env)
                    else:
                        full(template, context, language, pool, store)
                    times[side].append(time.perf_counter() - t0)
    result: dict[str, Any] = {"template": args.template, "documents_per_side": len(times["bare"]),
                              "warmup_seconds": round(warmup, 2)}
    for side, samples in times.items():
        result[side] = {"docs_per_s": round(len(samples) / sum(samples), 1),
                        "p50_ms": round(statistics.median(samples) * 1000, 1),
                        "p99_ms": round(sorted(samples)[int(len(samples) * 0.99) - 1] * 1000, 1)}
    ratio = result["full"]["docs_per_s"] / result["bare"]["docs_per_s"]
    result["full_over_bare_speed"] = round(ratio, 2)
    result["target_met"] = ratio >= 0.5
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{args.template}: {result['documents_per_side']} documents per side (warm-up {warmup:.2f} s)")
        for side, label in (("bare", "bare docxtpl"), ("full", "docsvc full path")):
            r = result[side]
            print(f"  {label:18} {r['docs_per_s']:7.1f} docs/s   p50 {r['p50_ms']:6.1f} ms   p99 {r['p99_ms']:6.1f} ms")
        print(f"  full / bare speed: {ratio:.2f}x (target >= 0.50x, i.e. within 2x): "
              f"{'met' if result['target_met'] else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

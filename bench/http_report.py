"""The report of `make bench-http`: each mode's table, the page weight, worker memory and the targets."""

import os

REFERENCES = ["hello (/health/)", "static CSS (whitenoise)"]


def render(report, options):
    lines = [
        f"## HTTP: {report['articles']:,} articles, {report['vendor']}",
        "",
        f"`make bench`: gunicorn ({options['workers']} sync workers, production settings, DEBUG off) on "
        f"127.0.0.1, driven by {report['load_generator']} from a second process, {options['connections']} "
        f"connections; each page measured {options['rounds']} times for {options['duration']:g} s, "
        "interleaved with the two references; medians. This machine: "
        f"{os.cpu_count()} cores, shared by the server and the load generator.",
        "",
    ]
    titles = [
        ("cached", "whole-page cache on (anonymous readers)"),
        (
            "uncached",
            "whole-page cache off (kept parts still in use: story parts, cards, menus, counts, related stories)",
        ),
        ("nocache", "no cache at all (CACHE_URL=dummy://)"),
    ]
    for mode, title in titles:
        rows = report["results"][mode]
        hello, static = rows[REFERENCES[0]]["rps"], rows[REFERENCES[1]]["rps"]
        lines += [
            f"### {title[0].upper()}{title[1:]}",
            "",
            "| page | requests/s | p50 ms | p99 ms | ÷ hello | ÷ static | errors |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for label, row in rows.items():
            lines.append(
                f"| {label} | {row['rps']:,.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | "
                f"{row['rps'] / hello:.0%} | {row['rps'] / static:.0%} | {row['errors']} |"
            )
        lines.append("")
    lines += _targets(report)
    weight = report["weight"]
    total = weight["html"] + weight["css"] + weight["js"]
    lines += [
        "",
        f"Article page weight, gzip: HTML {weight['html']:,} B ({weight['html_uncompressed']:,} B before "
        f"compression) + CSS {weight['css']:,} B + JS {weight['js']:,} B = **{total:,} B** "
        f"(target under 30,720 B: {'met' if total < 30720 else 'missed'}).",
    ]
    if report["memory"]:
        memory = report["memory"]
        early, late = sum(memory["early_mb"]), sum(memory["late_mb"])
        growth = (late - early) / early
        lines.append(
            f"Worker memory (cache off, the page mix above): {early:.1f} MB after {memory['requests'] // 10:,} "
            f"requests, {late:.1f} MB after {memory['requests']:,} ({growth:+.1%}; target within 10%: "
            f"{'met' if abs(growth) <= 0.10 else 'missed'}). Per worker: {memory['early_mb']} → {memory['late_mb']} MB."
        )
    return "\n".join(lines) + "\n"


#: Issue 29's floors, as shares of /health/: (nothing kept, kept parts warm); None where none is set.
COLD_TARGETS = {
    "Article": (0.15, 0.40),
    "Home": (0.10, 0.25),
    "Tag": (0.10, 0.25),
    "Section": (0.10, 0.25),
    "Author": (0.10, 0.25),
    "Place": (0.10, 0.25),
    "Search": (0.08, None),
}


def _targets(report):
    cached = report["results"]["cached"]
    hello = cached[REFERENCES[0]]["rps"]
    worst = min((row["rps"] / hello, label) for label, row in cached.items() if label not in REFERENCES)
    lines = [
        "Targets:",
        "",
        f"- Cached anonymous pages ≥ 60% of hello: lowest is {worst[1]} at {worst[0]:.0%} "
        f"({'met' if worst[0] >= 0.6 else 'missed'}).",
        "",
        "| page | nothing kept ÷ hello | target | kept parts warm ÷ hello | target |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label in cached:
        if label in REFERENCES:
            continue
        floors = next((floors for kind, floors in COLD_TARGETS.items() if label.startswith(kind)), (None, None))
        shares = [_share(report["results"][mode], label) for mode in ("nocache", "uncached")]
        cells = []
        for share, floor in zip(shares, floors, strict=True):
            verdict = "—" if floor is None else f"≥ {floor:.0%}: {'met' if share >= floor else '**missed**'}"
            cells += [f"{share:.1%}", verdict]
        lines.append(f"| {label} | {' | '.join(cells)} |")
    return lines


def _share(rows, label):
    return rows[label]["rps"] / rows[REFERENCES[0]]["rps"]

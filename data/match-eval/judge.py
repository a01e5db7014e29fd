#!/usr/bin/env python3
"""Judges the evaluation set's partners (issue 27) and writes data/match-eval/tuning.json and test.json.

Input: the organisations in data/match-eval/orgs/ (tuning*.json are the tuning part, test-*.json the test part), each with
the fields the recommender sees (names, country, kind, entered codes and stages, texts, partner types) and its truth
(truthOfferHs, truthNeedHs, truthStages), which the recommender never sees. Output: each part's organisations and its
queries: every organisation with at least one partner an expert would pick, each partner with the rule that picked it,
and whether the pair is cross-language. The rules (data/match-eval/README.md):

  supplier  Q looks for suppliers (seeks Supplier, or nothing in particular) and P provides Supplier, really offers a
            product of a heading Q really needs, and is open to buyers (seeks Buyer or nothing in particular);
  buyer     Q looks for buyers (seeks Buyer, or nothing in particular) and P really needs a product of a heading Q
            really offers and looks for suppliers (seeks Supplier or nothing in particular);
  research  Q seeks Research and P is a research organisation on one of Q's stages or on a stage that supplies one
            (the chain graph of data/chains); and the reverse, a research organisation Q and a firm P that seeks
            Research on one of Q's stages;
  and never a competitor (the same stage and a product of the same heading) unless Q accepts competitors.

Run: python3 data/match-eval/judge.py [--out DIR] (from anywhere). Deterministic: the same input gives the same files.
"""
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "data", "match-eval")


def chains():
    upstream = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "data", "chains", "*.json"))):
        if path.endswith(".schema.json"):
            continue
        chain = json.load(open(path, encoding="utf-8"))
        for edge in chain.get("edges", []):
            upstream.setdefault(chain["id"] + "/" + edge["to"], set()).add(chain["id"] + "/" + edge["from"])
    return upstream


def is_chinese(ch):
    return "\u3400" <= ch <= "\u9fff"


def language(org):
    text = (org.get("offerText") or "") + " " + (org.get("needText") or "")
    chinese = sum(1 for ch in text if is_chinese(ch))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if chinese and latin >= 12:
        return "both"
    return "zh" if chinese else "en"


def headings(codes):
    return {c[:4] for c in codes or []}


def shared(a, b):
    return sorted(headings(a) & headings(b))


def open_to(org, kind):
    seeks = org.get("seeks") or []
    return not seeks or kind in seeks


def competitors(q, p):
    return bool(set(q.get("truthStages") or []) & set(p.get("truthStages") or [])) and bool(shared(q.get("truthOfferHs"), p.get("truthOfferHs")))


def judge(q, p, upstream):
    if q["key"] == p["key"] or (competitors(q, p) and not q.get("acceptsCompetitors")):
        return None
    provides = p.get("provides") or []
    if open_to(q, "Supplier") and "Supplier" in provides and open_to(p, "Buyer"):
        common = shared(p.get("truthOfferHs"), q.get("truthNeedHs"))
        if common:
            return "supplier: offers heading " + ", ".join(common) + " that Q needs"
    if open_to(q, "Buyer") and open_to(p, "Supplier"):
        common = shared(p.get("truthNeedHs"), q.get("truthOfferHs"))
        if common:
            return "buyer: needs heading " + ", ".join(common) + " that Q offers"
    q_stages = set(q.get("truthStages") or [])
    p_stages = set(p.get("truthStages") or [])
    if "Research" in (q.get("seeks") or []) and p.get("kind") == "Research":
        feeding = {u for s in q_stages for u in upstream.get(s, ())}
        on = sorted(p_stages & (q_stages | feeding))
        if on:
            return "research: researches " + ", ".join(on) + (" (Q's stage)" if set(on) & q_stages else " (supplies Q's stage)")
    if q.get("kind") == "Research" and "Research" in (p.get("seeks") or []):
        on = sorted(p_stages & q_stages)
        if on:
            return "research: seeks research on " + ", ".join(on) + ", which Q researches"
    return None


def part(files, name, upstream, out_dir):
    orgs = []
    for path in files:
        orgs.extend(json.load(open(path, encoding="utf-8")))
    keys = [o["key"] for o in orgs]
    if len(keys) != len(set(keys)):
        sys.exit(f"{name}: duplicate keys")
    queries = []
    for q in orgs:
        partners = []
        for p in orgs:
            why = judge(q, p, upstream)
            if why:
                cross = {language(q), language(p)} == {"zh", "en"}
                partners.append({"org": p["key"], "why": why, "crossLanguage": cross})
        if partners:
            queries.append({"org": q["key"], "partners": partners})
    about = (f"Evaluation set for matchmaking quality (issue 27), {name} part: organisations written for data/match-eval/orgs "
             "(fictional), partners judged by data/match-eval/judge.py from the truth fields and the chain graph; see data/match-eval/README.md.")
    with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as out:
        json.dump({"about": about, "organisations": orgs, "queries": queries}, out, ensure_ascii=False, indent=1)
        out.write("\n")
    pairs = sum(len(q["partners"]) for q in queries)
    cross = sum(p["crossLanguage"] for q in queries for p in q["partners"])
    print(f"{name}: {len(orgs)} organisations, {len(queries)} queries, {pairs} judged pairs, {cross} cross-language")


def main():
    # --out DIR writes the parts elsewhere (the tests compare them with the shipped ones).
    out_dir = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else HERE
    upstream = chains()
    orgs = os.path.join(HERE, "orgs")
    part(sorted(glob.glob(os.path.join(orgs, "tuning*.json"))), "tuning", upstream, out_dir)
    part(sorted(glob.glob(os.path.join(orgs, "test-*.json"))), "test", upstream, out_dir)


if __name__ == "__main__":
    main()

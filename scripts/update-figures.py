#!/usr/bin/python3
"""Writes the figures the documentation quotes from actual runs, so that they cannot drift.

usage:
  scripts/update-figures.py quickstart [--check] [--snsim PATH]
      Runs `snsim run scenarios/quickstart.yaml` and writes what it prints into README.md's
      quick-start block (between the <!-- figures:quickstart --> markers). With --check, writes
      nothing and exits 1 with a diff if the block differs from what the run prints (every
      number exactly; only the timing and memory of the last line may differ). ctest runs the
      check (test `readme_quickstart_figures`).
  scripts/update-figures.py claims [--setting consumer|b2b|both|funnel] [--snsim PATH]
                                   [--claims 1,2,...] [--set key=value]... [--readme PATH]
      Runs scenarios/claims/run_all.sh --setting S into a fresh folder for each setting (both:
      consumer, then b2b), timing it, and writes each claim's figures into
      scenarios/claims/README.md (between <!-- figures:claimN --> markers for the consumer market,
      the default, <!-- figures:claimN-b2b --> for the business-to-business one and
      <!-- figures:claimN-funnel --> for the funnel-only setting) and the measured run time into
      its <!-- figures:claims-runtime --> (or claims-runtime-b2b, claims-runtime-funnel) block. --claims and --set
      (passed to every run) make a smaller or partial run for trying the mechanism; each block
      says how it was made. --readme writes another copy of the README instead.
  scripts/update-figures.py robustness [--snsim PATH] [--claims 1,2,...] [--results DIR]
                                       [--jobs N] [--readme PATH]
                                       [--setting consumer|b2b|market]
      For each claim, runs its Sobol' sensitivity sweep (scenarios/claims/sensitivity/N_*.yaml)
      into DIR/sensN.h5 (default results/claims; an existing file is reused, a killed sweep's
      runs folder is resumed), timing it, then writes what `scenarios/claims/robustness.py N
      DIR/sensN.h5 --markdown` prints into the claim's <!-- figures:robustnessN --> block, with
      the run count, the runs' summed wall time and, when this invocation ran the sweep, its wall
      time. --setting b2b does the same for the business-to-business sweeps
      (scenarios/claims/sensitivity/b2b/N_*.yaml, DIR default results/claims/b2b, blocks
      <!-- figures:robustnessN-b2b -->; claims without a b2b sweep are skipped); --setting
      market likewise for the consumer-market sweeps (scenarios/claims/sensitivity/market/,
      blocks <!-- figures:robustnessN-market -->).
  scripts/update-figures.py claims-check
      Checks that scenarios/claims/README.md holds no typed figure: outside its generated blocks,
      every number in a claim's section must be an input of that claim's scenario file (its
      values or its comments), and every claim has its consumer, b2b and funnel blocks. ctest runs it (test `claims_readme_numbers`).

PATH defaults to build/release/sim/snsim, else build/ci/sim/snsim. Python: /usr/bin/python3 (the
standard library only for the quick start; the claims summaries need the analysis package's
Debian dependencies).
"""
import argparse
import datetime
import difflib
import os
import re
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMING = re.compile(r"^(wrote \S+) \(.*\)$")


def default_snsim():
    """Returns the path of the snsim binary to run (release build first)."""
    for preset in ("release", "ci"):
        path = os.path.join(REPO, "build", preset, "sim", "snsim")
        if os.access(path, os.X_OK):
            return path
    sys.exit("update-figures: no snsim binary in build/release or build/ci; build it or pass --snsim")


def git_commit():
    """Returns `git describe --always --dirty` of the repository, or "unknown"."""
    try:
        return subprocess.run(["git", "-C", REPO, "describe", "--always", "--dirty"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def replace_block(text, name, body, path):
    """Returns text with the lines between <!-- figures:NAME --> and <!-- /figures:NAME -->
    replaced by body (a string ending in a newline)."""
    pattern = re.compile(r"(<!-- figures:%s(?![\w-])[^>]*-->\n)(.*?)(<!-- /figures:%s -->)" %
                         (re.escape(name), re.escape(name)), re.S)
    if not pattern.search(text):
        sys.exit(f"update-figures: {path}: no <!-- figures:{name} --> ... "
                 f"<!-- /figures:{name} --> block")
    return pattern.sub(lambda m: m.group(1) + body + m.group(3), text, count=1)


def read_block(text, name):
    """Returns the body of the figures block NAME in text, or None."""
    m = re.search(r"<!-- figures:%s(?![\w-])[^>]*-->\n(.*?)<!-- /figures:%s -->" %
                  (re.escape(name), re.escape(name)), text, re.S)
    return m.group(1) if m else None


def mask_timing(lines):
    """Returns lines with the timing and memory of a `wrote PATH (...)` line left out."""
    return [TIMING.sub(r"\1 (timing)", line) for line in lines]


def quickstart(args):
    snsim = os.path.abspath(args.snsim or default_snsim())
    scenario = os.path.join(REPO, "scenarios", "quickstart.yaml")
    with tempfile.TemporaryDirectory(prefix="snsim-figures-") as work:
        # A fresh folder, so the run writes results/quickstart.h5 as on a first run.
        run = subprocess.run([snsim, "run", scenario], cwd=work, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"update-figures: snsim run scenarios/quickstart.yaml exited {run.returncode}:\n"
                 f"{run.stderr}")
    printed = run.stdout.strip("\n")
    body = "```\n" + printed + "\n```\n"
    readme = os.path.join(REPO, "README.md")
    text = open(readme, encoding="utf-8").read()
    if args.check:
        current = read_block(text, "quickstart")
        if current is None:
            print("README.md has no <!-- figures:quickstart --> block", file=sys.stderr)
            return 1
        want = mask_timing(body.splitlines())
        have = mask_timing(current.splitlines())
        if want != have:
            sys.stdout.writelines(line + "\n" for line in difflib.unified_diff(
                have, want, "README.md (quick-start block)", "snsim run scenarios/quickstart.yaml",
                lineterm=""))
            print("README.md's quick-start output differs from what snsim prints; run "
                  "scripts/update-figures.py quickstart", file=sys.stderr)
            return 1
        print("README.md's quick-start block matches snsim run scenarios/quickstart.yaml")
        return 0
    new = replace_block(text, "quickstart", body, readme)
    if new != text:
        open(readme, "w", encoding="utf-8").write(new)
    print(f"README.md quick-start block {'updated' if new != text else 'unchanged'}")
    return 0


def split_claims(output):
    """Returns {claim number: [lines]} from run_all.sh's output (claim 3's twin figures go with
    claim 3)."""
    sections, current = {}, None
    for line in output.splitlines():
        m = re.match(r"^== claim (\d)(.*)$", line)
        if m:
            current = m.group(1)
            sections.setdefault(current, [])
            if m.group(2):  # "== claim 3, incremental: ..."
                sections[current].append(line[3:])
            continue
        if current is not None:
            sections[current].append(line)
    return sections


def run_claims(snsim, wanted, setting, extra_sets):
    """Runs run_all.sh in one setting into a fresh folder; returns (sections, seconds, load)."""
    env = dict(os.environ, CLAIMS=" ".join(wanted), SNSIM_SET=" ".join(extra_sets or []))
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="snsim-claims-") as out:
        t0 = time.monotonic()
        run = subprocess.run([os.path.join(REPO, "scenarios", "claims", "run_all.sh"),
                              "--setting", setting, snsim, out],
                             cwd=REPO, env=env, capture_output=True, text=True)
        seconds = time.monotonic() - t0
    if run.returncode != 0:
        sys.exit(f"update-figures: run_all.sh --setting {setting} exited {run.returncode}:\n"
                 f"{run.stderr}")
    return split_claims(run.stdout), seconds, load


def claims(args):
    snsim = os.path.abspath(args.snsim or default_snsim())
    wanted = [c.strip() for c in args.claims.split(",") if c.strip()]
    settings = ["consumer", "b2b"] if args.setting == "both" else [args.setting]
    readme = args.readme or os.path.join(REPO, "scenarios", "claims", "README.md")
    commit = git_commit()  # before the runs: the commit whose code made the figures
    total = 0.0
    for setting in settings:
        started = datetime.datetime.now(datetime.timezone.utc)
        sections, seconds, load = run_claims(snsim, wanted, setting, args.set)
        total += seconds
        how = f"at commit {commit}, {started:%Y-%m-%d %H:%M} UTC"
        if args.set:
            how += ", with " + " ".join(f"--set {s}" for s in args.set)
        # The consumer market, the default, has the blocks' plain names (claimN, claims-runtime).
        suffix = "" if setting == "consumer" else "-" + setting
        text = open(readme, encoding="utf-8").read()
        for claim in wanted:
            if claim not in sections:
                sys.exit(f"update-figures: run_all.sh printed no figures for claim {claim}")
            body = ("```\n" + "\n".join(sections[claim]).strip("\n") + "\n```\n"
                    f"*Generated by `scripts/update-figures.py claims --setting {setting}` from "
                    f"`run_all.sh --setting {setting}` {how}.*\n")
            text = replace_block(text, "claim" + claim + suffix, body, readme)
        minutes, secs = divmod(round(seconds), 60)
        which = "all five claims" if len(wanted) == 5 else "claims " + ", ".join(wanted)
        runtime = (f"`run_all.sh --setting {setting}` ({which}) took **{minutes} min {secs} s** "
                   f"of wall time on {os.cpu_count()} cores (load average {load:.1f} when it "
                   f"started) {how}.\n")
        text = replace_block(text, "claims-runtime" + suffix, runtime, readme)
        open(readme, "w", encoding="utf-8").write(text)
        print(f"{readme}: figures of {which} in the {setting} setting written; "
              f"run_all.sh took {seconds:.0f} s")
    if len(settings) > 1:
        print(f"both settings took {total:.0f} s")
    return 0


def robustness(args):
    snsim = os.path.abspath(args.snsim or default_snsim())
    wanted = [c.strip() for c in args.claims.split(",") if c.strip()]
    # The funnel-only sweeps sit in sensitivity/, the b2b and consumer-market ones in a folder of
    # their setting's name, and write blocks with that name as suffix.
    sub = [args.setting] if args.setting in ("b2b", "market") else []
    results = os.path.abspath(args.results or os.path.join(REPO, "results", "claims", *sub))
    os.makedirs(results, exist_ok=True)
    readme = args.readme or os.path.join(REPO, "scenarios", "claims", "README.md")
    text = open(readme, encoding="utf-8").read()
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "analysis") +
               (":" + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else ""))
    folder = os.path.join(REPO, "scenarios", "claims", "sensitivity", *sub)
    for claim in wanted:
        scenario = [f for f in sorted(os.listdir(folder)) if f.startswith(claim + "_")]
        if sub and not scenario:
            continue  # no sweep of this claim in this setting (scenarios/claims/README.md says why)
        if len(scenario) != 1:
            sys.exit(f"update-figures: no single {folder}/{claim}_*.yaml")
        out = os.path.join(results, f"sens{claim}.h5")
        how = f"reused {os.path.relpath(out, REPO)}"
        if not os.path.exists(out):
            resume = os.path.isdir(out + ".runs")
            load = os.getloadavg()[0]
            commit = git_commit()
            t0 = time.monotonic()
            cmd = [snsim, "sweep", os.path.join(folder, scenario[0]), "-o", out, "--quiet",
                   "--jobs", str(args.jobs)] + (["--resume"] if resume else [])
            run = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
            seconds = time.monotonic() - t0
            if run.returncode != 0:
                sys.exit(f"update-figures: {' '.join(cmd)} exited {run.returncode}: {run.stderr}")
            minutes, secs = divmod(round(seconds), 60)
            how = (f"the sweep {'resumed' if resume else 'ran'} in {minutes} min {secs} s of wall "
                   f"time with --jobs {args.jobs} on {os.cpu_count()} cores (load average "
                   f"{load:.1f} when it started), commit {commit}, "
                   f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
        report = subprocess.run([sys.executable, os.path.join(REPO, "scenarios", "claims",
                                                              "robustness.py"), claim, out,
                                 "--markdown", "--setting", args.setting],
                                cwd=REPO, env=env, capture_output=True, text=True)
        if report.returncode != 0:
            sys.exit(f"update-figures: robustness.py {claim} exited {report.returncode}: "
                     f"{report.stderr}")
        source = os.path.relpath(os.path.join(folder, scenario[0]), REPO)
        body = (report.stdout.strip("\n") + "\n\n"
                f"*Generated by `scripts/update-figures.py robustness"
                f"{' --setting ' + sub[0] if sub else ''}` from `{source}`; {how}.*\n")
        text = replace_block(text, "robustness" + claim + ("-" + sub[0] if sub else ""), body,
                             readme)
    open(readme, "w", encoding="utf-8").write(text)
    print(f"{readme}: robustness of claims {', '.join(wanted)} written")
    return 0


NUMBER = re.compile(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w])")


def numbers(text):
    """Returns the set of numbers (as floats) written in text; 1,000 reads as 1000."""
    found = set()
    for m in NUMBER.finditer(text):
        try:
            found.add(float(m.group(0).replace(",", "").rstrip(".")))
        except ValueError:
            pass
    return found


def claims_check(args):
    readme = os.path.join(REPO, "scenarios", "claims", "README.md")
    text = open(readme, encoding="utf-8").read()
    # Generated blocks and code spans are not prose.
    prose = re.sub(r"<!-- figures:([\w-]+)[^>]*-->.*?<!-- /figures:\1 -->", "", text, flags=re.S)
    prose = re.sub(r"```.*?```", "", prose, flags=re.S)
    prose = re.sub(r"`[^`]*`", "", prose)
    sections = re.split(r"^## (\d)\. .*$", prose, flags=re.M)
    bad = []
    # sections: [intro, "1", body1, "2", body2, ...]
    for claim, body in zip(sections[1::2], sections[2::2]):
        scenario = [f for f in os.listdir(os.path.join(REPO, "scenarios", "claims"))
                    if f.startswith(claim + "_") and f.endswith(".yaml")]
        if len(scenario) != 1:
            bad.append(f"claim {claim}: no single scenarios/claims/{claim}_*.yaml")
            continue
        inputs = numbers(open(os.path.join(REPO, "scenarios", "claims", scenario[0]),
                              encoding="utf-8").read())
        for m in NUMBER.finditer(body):
            value = float(m.group(0).replace(",", ""))
            if value not in inputs:
                bad.append(f"claim {claim}: '{m.group(0)}' is neither in a generated block nor an "
                           f"input of {scenario[0]}")
    if len(sections) < 11:
        bad.append("scenarios/claims/README.md: expected five '## N. ...' claim sections")
    for claim in "12345":
        if read_block(text, "claim" + claim) is None:
            bad.append(f"no <!-- figures:claim{claim} --> block")
        for setting in ("-b2b", "-funnel"):
            if read_block(text, "claim" + claim + setting) is None:
                bad.append(f"no <!-- figures:claim{claim}{setting} --> block")
        if read_block(text, "robustness" + claim) is None:
            bad.append(f"no <!-- figures:robustness{claim} --> block")
    for name in ("claims-runtime", "claims-runtime-b2b", "claims-runtime-funnel"):
        if read_block(text, name) is None:
            bad.append(f"no <!-- figures:{name} --> block")
    for line in bad:
        print(line, file=sys.stderr)
    if not bad:
        print("scenarios/claims/README.md: every number is generated or a scenario input")
    return 1 if bad else 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    q = sub.add_parser("quickstart")
    q.add_argument("--check", action="store_true")
    q.add_argument("--snsim")
    c = sub.add_parser("claims")
    c.add_argument("--snsim")
    c.add_argument("--claims", default="1,2,3,4,5")
    c.add_argument("--set", action="append", metavar="KEY=VALUE")
    c.add_argument("--setting", choices=["consumer", "b2b", "both", "funnel"], default="consumer")
    c.add_argument("--readme")
    r = sub.add_parser("robustness")
    r.add_argument("--snsim")
    r.add_argument("--claims", default="1,2,3,4,5")
    r.add_argument("--results")
    r.add_argument("--jobs", type=int, default=2)
    r.add_argument("--readme")
    r.add_argument("--setting", choices=["consumer", "b2b", "market"], default="consumer")
    sub.add_parser("claims-check")
    args = parser.parse_args(argv)
    if args.what == "quickstart":
        return quickstart(args)
    if args.what == "robustness":
        return robustness(args)
    return claims(args) if args.what == "claims" else claims_check(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

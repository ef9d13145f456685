#!/usr/bin/python3
"""SIR on the same Erdos-Renyi graph in snsim (process `contagion`) and in NDlib's SIRModel.

Usage: bench/ndlib_compare.py [--snsim build/release/sim/snsim] [--n 10000] [--degree 6]
                              [--q 0.1] [--gamma 0.2] [--runs 5]

snsim writes the graph (`snsim graph`), NDlib runs on exactly those ties. Both start from the
same seed set (snsim's `ids:seeds`) and run until nobody is infectious. Printed: the mean final
size of each, Newman's (2002) bond-percolation prediction, and the wall time of each with the speed
ratio. NDlib is not a dependency: without it the script prints "NDlib not installed" and exits 0.

The two models are the same chain (checked against NDlib 5.1.1's SIRModel.iteration): in a step,
each person infectious at its start tries each susceptible neighbour with chance q, one trial per
arc (a susceptible with m infectious neighbours is infected with chance 1 - (1 - q)^m), then
recovers with chance gamma; the newly infected are infectious from the next step. snsim's key is
the rate beta = -ln(1 - q). NDlib run r is seeded with r + 1, like snsim's.

NDlib is made importable by putting its source folder and that of netdispatch on PYTHONPATH
(networkx, numpy, future, six and tqdm from the system's packages; docs/benchmarks.md).
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--snsim", default=os.path.join(here, "..", "build", "release", "sim", "snsim"))
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--degree", type=float, default=6.0)
    ap.add_argument("--q", type=float, default=0.1, help="infection chance per arc and step")
    ap.add_argument("--gamma", type=float, default=0.2, help="recovery chance per step")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    try:
        import ndlib.models.ModelConfig as mc
        import ndlib.models.epidemics as ep
        import networkx as nx
    except ImportError:
        print("NDlib not installed")
        return 0
    import h5py

    beta = -math.log(1.0 - args.q)
    with tempfile.TemporaryDirectory() as tmp:
        def write(path, network):
            with open(path, "w") as f:
                f.write(f"""name: ndlib_sir
seed: 1
time: {{steps: 1000}}
population: {{size: {args.n}, communities: 1, topics: 1}}
network: {network}
processes: [contagion]
contagion:
  model: sir
  beta: {beta!r}
  gamma: {args.gamma!r}
  seeds: {{selection: random, count: {args.seeds}}}
""")
        # The graph once, from the generator; every run (snsim and NDlib) on those ties.
        generated = os.path.join(tmp, "generated.yaml")
        write(generated, f"{{generator: erdos_renyi, erdos_renyi: {{mean_degree: {args.degree}}}}}")
        edges = os.path.join(tmp, "edges.txt")
        subprocess.run([args.snsim, "graph", generated, "-o", edges], check=True,
                       stdout=subprocess.DEVNULL)
        scenario = os.path.join(tmp, "sir.yaml")
        write(scenario, f"{{generator: edge_list, edge_list: {{path: {edges}}}}}")
        snsim_sizes, seed_sets, t_snsim = [], [], 0.0
        for r in range(args.runs):
            out = os.path.join(tmp, f"run{r}.h5")
            t0 = time.perf_counter()
            subprocess.run([args.snsim, "run", scenario, "-o", out, "--quiet", "--threads", "1",
                            "--seed", str(r + 1)], check=True, stdout=subprocess.DEVNULL)
            t_snsim += time.perf_counter() - t0
            with h5py.File(out) as h:
                run = h["runs/000000"]
                snsim_sizes.append(float(run["ever_infected"][-1]) / args.n)
                seed_sets.append([int(i) for i in run.attrs["ids:seeds"]])

        g = nx.Graph()
        g.add_nodes_from(range(args.n))
        with open(edges) as f:
            for line in f:
                if line.startswith(("#", "%")) or not line.strip():
                    continue
                u, v = line.split()[:2]
                g.add_edge(int(u), int(v))
        ndlib_sizes, t_ndlib = [], 0.0
        for r, seeds in enumerate(seed_sets):
            t0 = time.perf_counter()
            model = ep.SIRModel(g, seed=r + 1)
            cfg = mc.Configuration()
            cfg.add_model_parameter("beta", args.q)
            cfg.add_model_parameter("gamma", args.gamma)
            cfg.add_model_initial_configuration("Infected", seeds)
            model.set_initial_status(cfg)
            while True:
                it = model.iteration(node_status=False)
                if it["node_count"].get(1, 0) == 0:
                    break
            t_ndlib += time.perf_counter() - t0
            ndlib_sizes.append(it["node_count"].get(2, 0) / args.n)

    q, gam, c = args.q, args.gamma, args.degree
    t = q / (q + gam - q * gam)
    s = 0.5
    for _ in range(500):
        s = 1 - math.exp(-c * t * s)
    mean = lambda x: sum(x) / len(x)
    print(f"SIR on G(n={args.n}, c={c}), q={q}, gamma={gam}, {args.seeds} seeds, {args.runs} runs")
    print(f"  Newman 2002 (T={t:.4f}):   final size {s:.4f}")
    print(f"  snsim:                    final size {mean(snsim_sizes):.4f}  {t_snsim:8.2f} s "
          "(whole process: set-up, graph, output)")
    print(f"  NDlib:                    final size {mean(ndlib_sizes):.4f}  {t_ndlib:8.2f} s")
    print(f"  speed ratio NDlib / snsim: {t_ndlib / t_snsim:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

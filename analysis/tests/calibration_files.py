"""Hand-made calibration files in the layout `snsim calibrate` writes (analysis/FORMAT.md,
"Calibration files"), with known particles and weights, so that intervals can be checked exactly."""
import h5py
import numpy as np

STR = h5py.string_dtype("utf-8")


def _strings(values):
    return np.array([str(v) for v in values], dtype=object)


def write_calibration(path, particles, weights, parameters=("word_of_mouth.rate",
                                                              "funnel.broadcast.aware"),
                      priors=None, generations=2, observed=None, steps=10, predictive=40,
                      fmt="snsim-calibration", format_version=1, seed=7):
    """Writes a calibration file whose last generation (and /posterior) holds `particles` [n][k]
    with `weights` [n] (normalised here). Earlier generations are the same particles spread wider
    with equal weights. observed: the observed aware series (default a logistic curve); the
    predictive series are that curve scaled by each draw's first parameter over its prior mean,
    so the band is known to contain the observed series. Returns path."""
    particles = np.asarray(particles, dtype=float).reshape(len(weights), len(parameters))
    weights = np.asarray(weights, dtype=float)
    weights = weights / weights.sum()
    priors = priors or [{"distribution": "uniform", "min": 0.0, "max": 1.0} for _ in parameters]
    t = np.arange(steps)
    observed = np.asarray(observed if observed is not None else
                          1000 / (1 + np.exp(-(t - steps / 2))), dtype=float)
    names = [f"aware[brand]@{s}" for s in t] + ["aware[brand]:final"]
    s = len(names)
    rng = np.random.default_rng(seed)
    with h5py.File(path, "w") as f:
        a = f.attrs
        a["format"] = fmt
        a["format_version"] = np.int64(format_version)
        a["scenario_yaml"] = "name: hand-made\n"
        a["scenario_hash"] = "0" * 16
        a["target"] = "observed.csv"
        a["seed"] = np.uint64(seed)
        a["status"] = "complete"
        a["stop_reason"] = "max_generations"
        a["runs_used"] = np.int64(1000 * generations)
        a["generations"] = np.int64(generations)
        a.create("parameters", data=_strings(parameters), dtype=STR)
        a["distance"] = "standardised"
        obs = f.create_group("observed")
        obs["step"] = t.astype(np.int64)
        obs.create_dataset("metric", data=_strings(["aware"] * steps), dtype=STR)
        obs.create_dataset("brand", data=_strings(["brand"] * steps), dtype=STR)
        obs["value"] = observed
        summ = f.create_group("summaries")
        summ.create_dataset("name", data=_strings(names), dtype=STR)
        summ.create_dataset("metric", data=_strings(["aware"] * s), dtype=STR)
        summ.create_dataset("brand", data=_strings(["brand"] * s), dtype=STR)
        summ.create_dataset("statistic", data=_strings(["series"] * steps + ["final"]), dtype=STR)
        summ["step"] = np.append(t, -1).astype(np.int64)
        summ["observed"] = np.append(observed, observed[-1])
        summ["scale"] = np.ones(s)
        pg = f.create_group("priors")
        for i, (key, prior) in enumerate(zip(parameters, priors)):
            g = pg.create_group(str(i))
            g.attrs["key"] = key
            for name, value in prior.items():
                g.attrs[name] = value
        gens = f.create_group("generations")
        n = len(weights)
        total = 0
        for gen in range(generations):
            last = gen == generations - 1
            spread = 1.0 if last else 1.0 + (generations - 1 - gen)
            centre = np.average(particles, axis=0, weights=weights)
            x = particles if last else centre + spread * (particles - centre)
            w = weights if last else np.full(n, 1.0 / n)
            d = np.linspace(0.1, 1.0, n) * (generations - gen)
            runs = 1000
            total += runs
            g = gens.create_group(f"{gen:03d}")
            g["particles"], g["weights"], g["distances"] = x, w, d
            g["summaries"] = np.tile(np.append(observed, observed[-1]), (n, 1))
            g.attrs["tolerance"] = float(d.max())
            g.attrs["acceptance_rate"] = n / runs
            g.attrs["ess"] = float(1 / np.sum(w ** 2))
            g.attrs["runs"] = np.int64(runs)
            g.attrs["runs_total"] = np.int64(total)
            g.attrs["population"] = np.int64(n)
            if last:
                post = f.create_group("posterior")
                for name in ("particles", "weights", "distances", "summaries"):
                    post[name] = g[name][()]
                for name, value in g.attrs.items():
                    post.attrs[name] = value
                post.attrs["generation"] = np.int64(gen)
        if predictive:
            pred = f.create_group("predictive")
            draws = rng.choice(n, size=predictive, p=weights)
            pred["particle"] = draws.astype(np.int64)
            mean = np.mean([p.get("min", 0) + p.get("max", 1) for p in priors[:1]]) / 2
            scale = particles[draws, 0] / (mean if mean else 1.0)
            series = observed[None, None, :] * (0.8 + 0.4 * np.clip(scale, 0, 1))[:, None, None]
            pred["series"] = series
            pred["summaries"] = np.concatenate([series[:, 0, :], series[:, 0, -1:]], axis=1)
            pred.create_dataset("series_metric", data=_strings(["aware"]), dtype=STR)
            pred.create_dataset("series_brand", data=_strings(["brand"]), dtype=STR)
            pred["step"] = t.astype(np.int64)
    return path

#!/usr/bin/python3
"""Compares two sweep results files value for value (every run's series and the runs table,
except wall times). Exit 0 if equal, 1 with one line naming the first difference.
usage: sweep_compare.py A.h5 B.h5"""
import sys

import h5py
import numpy as np


def datasets(group, prefix=""):
    out = {}
    for name, item in group.items():
        path = prefix + name
        if isinstance(item, h5py.Group):
            out.update(datasets(item, path + "/"))
        else:
            out[path] = item[()]
    return out


def main(a_path, b_path):
    with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
        ra, rb = sorted(a["runs"]), sorted(b["runs"])
        if ra != rb:
            return f"runs differ: {len(ra)} vs {len(rb)}"
        for run in ra:
            ga, gb = a["runs"][run], b["runs"][run]
            for key in ("index", "seed", "replicate", "status"):
                if ga.attrs[key] != gb.attrs[key]:
                    return f"run {run}: attribute {key} differs"
            pa = {k: v for k, v in ga.attrs.items() if k.startswith("param:")}
            pb = {k: v for k, v in gb.attrs.items() if k.startswith("param:")}
            if pa != pb:
                return f"run {run}: parameters differ"
            da, db = datasets(ga), datasets(gb)
            if sorted(da) != sorted(db):
                return f"run {run}: datasets differ"
            for k in da:
                if not np.array_equal(da[k], db[k], equal_nan=da[k].dtype.kind == "f"):
                    return f"run {run}: {k} differs"
        if "table" in a or "table" in b:
            ta, tb = a["table"], b["table"]
            if sorted(ta) != sorted(tb):
                return "table columns differ"
            for k in ta:
                if k == "wall_time_s":
                    continue
                if not np.array_equal(ta[k][()], tb[k][()]):
                    return f"table column {k} differs"
    return None


if __name__ == "__main__":
    problem = main(sys.argv[1], sys.argv[2])
    if problem:
        print(f"{sys.argv[1]} != {sys.argv[2]}: {problem}")
        sys.exit(1)
    print(f"equal: {sys.argv[1]} {sys.argv[2]}")

# SPDX-License-Identifier: GPL-3.0-or-later
"""recording.h5 (run --format hdf5|both) read back with h5py alone and compared with the CSV
files and summary.json of the same run."""
import json
import os
import subprocess

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")

CLI = os.environ["FLOCCULUS_CLI"]
ARGS = ["run", "--protocol", "direction-learning", "--trials", "4", "--seed", "3", "--quiet",
        "--set", "network.granule_cells=2000", "--set", "record.purkinje=5", "--lesion", "io:0.5"]


def run(out, fmt):
    c = subprocess.run([CLI, *ARGS, "--format", fmt, "--out", str(out)], capture_output=True, text=True)
    assert c.returncode == 0, c.stderr
    return json.loads((out / "summary.json").read_text())


def csv(path, **kw):
    return np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding="utf-8", **kw)


def test_recording_holds_what_the_csv_files_hold(tmp_path):
    out = tmp_path / "both"
    summary = run(out, "both")
    with h5py.File(out / "recording.h5", "r") as f:
        assert f.attrs["format"] == "flocculus-recording"
        assert f.attrs["format_version"] == 1
        # The summary's scalars, lesions and every parameter.
        for key, value in summary.items():
            if key == "parameters":
                assert sorted(f["parameters"].attrs) == sorted(value)
                for name, v in value.items():
                    assert f["parameters"].attrs[name] == v, name
            elif isinstance(value, list):  # lesions, and any other list of names
                assert list(f.attrs[key]) == value, key
            elif isinstance(value, dict):
                for k, v in value.items():
                    got = f.attrs[f"{key}.{k}"]
                    assert (np.isnan(got) if v is None else got == v), key
            elif value is None:
                assert np.isnan(f.attrs[key]), key
            else:
                assert f.attrs[key] == value, key

        trials = csv(out / "trials.csv")
        assert list(f["trials"].attrs["colnames"]) == list(trials.dtype.names)
        assert len(f["trials/trial"]) == 4
        np.testing.assert_array_equal(f["trials/trial"][:], trials["trial"])
        assert list(f["trials/phase"].asstr()[:]) == list(trials["phase"])
        np.testing.assert_array_equal(f["trials/instructed"][:], trials["instructed"])
        for col in trials.dtype.names[3:]:
            if trials.dtype[col] == bool:  # empty on every row (the eyeblink columns of a pursuit run)
                assert np.isnan(f["trials"][col][:]).all(), col
                continue
            np.testing.assert_allclose(f["trials"][col][:], trials[col], atol=0.51 if col == "latency_ms" else 6e-5,
                                       equal_nan=True, err_msg=col)

        # Every Purkinje spike, per cell, with its zone and kind.
        spikes = csv(out / "purkinje_spikes.csv")
        units = f["units"]
        assert len(units["microzone"]) == 4 * 5
        assert list(units["zone"].asstr()[:5]) == ["right"] * 5
        index = units["spike_times_index"][:]
        assert index[-1] == len(spikes) == len(units["spike_times_ms"]) > 0
        labels = list(units["spike_kind"].attrs["labels"])
        from_h5 = []
        start = 0
        for u, end in enumerate(index):
            zone, cell = units["microzone"][u], units["cell"][u]
            for k in range(start, end):
                from_h5.append((int(units["spike_trial"][k]), int(zone), int(cell),
                                round(float(units["spike_times_ms"][k]), 1), labels[units["spike_kind"][k]]))
            start = end
        from_csv = [(int(r["trial"]), int(r["microzone"]), int(r["cell"]), round(float(r["t_ms"]), 1), r["kind"])
                    for r in spikes]
        assert sorted(from_h5) == sorted(from_csv)

        traces = csv(out / "traces.csv")
        assert len(f["traces/t_ms"]) == len(traces) == 4000
        for col in traces.dtype.names:
            np.testing.assert_allclose(f["traces"][col][:], traces[col], atol=6e-5, err_msg=col)

        # Chunked and compressed.
        for name in ("units/spike_times_ms", "traces/eye_vx", "trials/gain"):
            assert f[name].chunks is not None and f[name].compression == "gzip", name
    assert not [p for p in os.listdir(out) if p.startswith(".")]  # no temporary file left


def test_hdf5_alone(tmp_path):
    both = run(tmp_path / "both", "both")
    only = run(tmp_path / "h5", "hdf5")
    assert sorted(os.listdir(tmp_path / "h5")) == ["recording.h5", "summary.json"]
    assert only["output_hash"] == both["output_hash"]
    with h5py.File(tmp_path / "h5" / "recording.h5", "r") as f:
        assert f.attrs["output_hash"] == both["output_hash"]


def test_bad_format_is_refused(tmp_path):
    c = subprocess.run([CLI, *ARGS, "--format", "xml", "--out", str(tmp_path / "x")], capture_output=True, text=True)
    assert c.returncode == 2
    assert c.stderr == "flocculus-cli: --format must be csv, hdf5 or both, got 'xml'\n"
    assert not (tmp_path / "x").exists()


def test_eyeblink_zone_is_its_own_units(tmp_path):
    # An eyeblink run records the eyeblink zone only: microzone 4, "eyeblink", every cell.
    out = tmp_path / "eyeblink"
    c = subprocess.run([CLI, "run", "--protocol", "eyeblink", "--trials", "2", "--seed", "1", "--quiet",
                        "--format", "both", "--out", str(out)], capture_output=True, text=True)
    assert c.returncode == 0, c.stderr
    summary = json.loads((out / "summary.json").read_text())
    cells = summary["parameters"]["eb.purkinje_cells"]
    spikes = csv(out / "purkinje_spikes.csv")
    with h5py.File(out / "recording.h5", "r") as f:
        units = f["units"]
        assert list(units["microzone"][:]) == [4] * cells
        assert set(units["zone"].asstr()[:]) == {"eyeblink"}
        assert list(units["cell"][:]) == list(range(cells))
        index = units["spike_times_index"][:]
        assert index[-1] == len(spikes) == len(units["spike_times_ms"]) > 0
        # Cell by cell, the same spikes as the CSV file.
        for u in range(cells):
            start = index[u - 1] if u else 0
            assert index[u] - start == np.count_nonzero(spikes["cell"] == u), u
